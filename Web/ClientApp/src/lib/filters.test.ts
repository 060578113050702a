import { describe, expect, it } from "vitest";
import { makeRepo, makeRun } from "../test/fixtures";
import { emptyFilters, filterOptions, filtersToSearch, matchesFilters, parseFilters } from "./filters";

describe("filters in the URL", () => {
  it("parses every filter", () => {
    expect(parseFilters("?status=failure&branch=feature%2Fx&workflow=CI&event=push&actor=octocat&q=fix+bug")).toEqual({
      status: "failure", branch: "feature/x", defaultBranchOnly: false, workflow: "CI", event: "push", actor: "octocat", q: "fix bug",
    });
  });

  it("gives empty filters for an empty query", () => {
    expect(parseFilters("")).toEqual(emptyFilters);
    expect(parseFilters("?")).toEqual(emptyFilters);
  });

  it("ignores an unknown status and blank values", () => {
    expect(parseFilters("?status=exploded&branch=%20&actor=")).toEqual(emptyFilters);
  });

  it("reads default-branch-only", () => {
    expect(parseFilters("?defaultBranch=1").defaultBranchOnly).toBe(true);
    expect(parseFilters("?defaultBranch=true").defaultBranchOnly).toBe(true);
    expect(parseFilters("?defaultBranch=0").defaultBranchOnly).toBe(false);
  });

  it("writes a stable query string without empty parameters", () => {
    expect(filtersToSearch(emptyFilters)).toBe("");
    expect(filtersToSearch({ ...emptyFilters, q: "  ", actor: "hubot", status: "in_progress" })).toBe("status=in_progress&actor=hubot");
    // default branch only wins over a branch
    expect(filtersToSearch({ ...emptyFilters, branch: "dev", defaultBranchOnly: true })).toBe("defaultBranch=1");
  });

  it("round-trips through the URL", () => {
    const filters = { status: "queued" as const, branch: "release/1.0 & more", defaultBranchOnly: false, workflow: "Lint & test", event: "pull_request", actor: "mona", q: "näive #12" };
    expect(parseFilters(filtersToSearch(filters))).toEqual(filters);
  });
});

describe("matchesFilters", () => {
  const repo = makeRepo({ defaultBranch: "main" });
  const failed = makeRun({ status: "completed", conclusion: "failure", branch: "feature", event: "pull_request", actor: { login: "Hubot", avatarUrl: null }, commitMessage: "Fix the flaky test" });
  const running = makeRun({ status: "in_progress", branch: "main", workflowName: "Linter" });
  const queued = makeRun({ status: "waiting" });

  it("filters by status group", () => {
    const match = (status: string) => [failed, running, queued].filter((r) => matchesFilters(r, repo, parseFilters(`?status=${status}`)));
    expect(match("failure")).toEqual([failed]);
    expect(match("in_progress")).toEqual([running]);
    expect(match("queued")).toEqual([queued]);
    expect(match("completed")).toEqual([failed]);
    expect(match("success")).toEqual([]);
  });

  it("filters by branch and by the repository's default branch", () => {
    expect(matchesFilters(failed, repo, parseFilters("?branch=feature"))).toBe(true);
    expect(matchesFilters(running, repo, parseFilters("?branch=feature"))).toBe(false);
    expect(matchesFilters(running, repo, parseFilters("?defaultBranch=1"))).toBe(true);
    expect(matchesFilters(running, makeRepo({ defaultBranch: "trunk" }), parseFilters("?defaultBranch=1"))).toBe(false);
  });

  it("matches workflow and actor case-insensitively, event exactly", () => {
    expect(matchesFilters(running, repo, parseFilters("?workflow=linter"))).toBe(true);
    expect(matchesFilters(failed, repo, parseFilters("?actor=hubot"))).toBe(true);
    expect(matchesFilters(failed, repo, parseFilters("?event=push"))).toBe(false);
  });

  it("searches every word in the commit message, repository, branch and more", () => {
    expect(matchesFilters(failed, repo, parseFilters("?q=flaky+octo-repo"))).toBe(true);
    expect(matchesFilters(failed, repo, parseFilters("?q=flaky+nothing"))).toBe(false);
  });

  it("offers the values on the dashboard", () => {
    const options = filterOptions([{ ...repo, runs: [failed, running, queued] }]);
    expect(options.branches).toEqual(["feature", "main"]);
    expect(options.workflows).toEqual(["CI", "Linter"]);
    expect(options.events).toEqual(["pull_request", "push"]);
    expect(options.actors).toEqual(["Hubot", "octocat"]);
  });
});
