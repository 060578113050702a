import { describe, expect, it } from "vitest";
import { makeRepo, makeRun } from "../test/fixtures";
import { categories, wallCounts, wallGroups } from "./wall";

const failedAt = (id: number, repository: string, updatedAt: string, branch = "main") =>
  makeRun({ id, repository, branch, workflowId: id, status: "completed", conclusion: "failure", updatedAt });
const passed = (id: number, repository: string) =>
  makeRun({ id, repository, workflowId: id, status: "completed", conclusion: "success", updatedAt: "2026-11-22T10:00:00Z" });
const running = (id: number, repository: string, createdAt: string) =>
  makeRun({ id, repository, workflowId: id, status: "in_progress", createdAt, startedAt: createdAt, updatedAt: createdAt });

describe("wallGroups", () => {
  it("puts a group's failing runs first, newest failure first, then running ones, then healthy repositories by name", () => {
    const a = makeRepo({ fullName: "o/a", category: "Team", runs: [passed(1, "o/a"), failedAt(2, "o/a", "2026-11-22T10:05:00Z")] });
    const b = makeRepo({ fullName: "o/b", category: "Team", runs: [running(3, "o/b", "2026-11-22T10:01:00Z"), running(4, "o/b", "2026-11-22T10:02:00Z")] });
    const c = makeRepo({ fullName: "o/c", category: "Team", runs: [failedAt(5, "o/c", "2026-11-22T10:09:00Z"), passed(6, "o/c")] });
    const d = makeRepo({ fullName: "o/d", category: "Team", runs: [passed(7, "o/d"), makeRun({ id: 8, repository: "o/d", workflowId: 8, status: "completed", conclusion: "cancelled" })] });
    const e = makeRepo({ fullName: "o/e", category: "Team", runs: [] });

    const [group] = wallGroups([a, b, c, d, e]);

    expect(group.title).toBe("Team");
    expect(group.failing.map((t) => t.run.id)).toEqual([5, 2]);
    expect(group.running.map((t) => t.run.id)).toEqual([4, 3]);
    // Cancelled is not failing; a repository with no runs yet is not failing either.
    expect(group.healthy.map((r) => r.fullName)).toEqual(["o/d", "o/e"]);
  });

  it("orders groups: failing first (the newest failure on top), then running, then healthy; ties keep the server's order", () => {
    const healthy = makeRepo({ fullName: "o/healthy", category: "Quiet", runs: [passed(1, "o/healthy")] });
    const busy = makeRepo({ fullName: "o/busy", category: "Busy", runs: [running(2, "o/busy", "2026-11-22T10:00:00Z")] });
    const oldFailure = makeRepo({ fullName: "o/old", category: "Old", runs: [failedAt(3, "o/old", "2026-11-22T09:00:00Z")] });
    const newFailure = makeRepo({ fullName: "o/new", category: null, runs: [failedAt(4, "o/new", "2026-11-22T11:00:00Z")] });
    const healthy2 = makeRepo({ fullName: "o/healthy2", category: "Also quiet", runs: [] });

    const groups = wallGroups([healthy, busy, oldFailure, newFailure, healthy2]);

    expect(groups.map((g) => g.title)).toEqual(["Uncategorised", "Old", "Busy", "Quiet", "Also quiet"]);
    expect(wallCounts(groups)).toEqual({ failing: 2, running: 1, healthy: 2 });
  });

  it("keeps one category, whatever its case; an unknown one leaves nothing", () => {
    const repos = [
      makeRepo({ fullName: "o/a", category: "Web", runs: [failedAt(1, "o/a", "2026-11-22T10:00:00Z")] }),
      makeRepo({ fullName: "o/b", category: " Web ", runs: [] }),
      makeRepo({ fullName: "o/c", category: "Mobile", runs: [] }),
      makeRepo({ fullName: "o/d", category: null, runs: [] }),
    ];
    expect(wallGroups(repos, "WEB").map((g) => [g.title, g.failing.length, g.healthy.length])).toEqual([["Web", 1, 1]]);
    expect(wallGroups(repos, "uncategorised").flatMap((g) => g.healthy.map((r) => r.fullName))).toEqual(["o/d"]);
    expect(wallGroups(repos, "Nope")).toEqual([]);
    expect(categories(repos)).toEqual(["Web", "Mobile", "Uncategorised"]);
  });

  it("counts a timed-out or startup failure as failing, and a queued run as running", () => {
    const repo = makeRepo({
      fullName: "o/a", runs: [
        makeRun({ id: 1, repository: "o/a", workflowId: 1, status: "completed", conclusion: "timed_out" }),
        makeRun({ id: 2, repository: "o/a", workflowId: 2, status: "completed", conclusion: "startup_failure" }),
        makeRun({ id: 3, repository: "o/a", workflowId: 3, status: "queued" }),
      ],
    });
    const [group] = wallGroups([repo]);
    expect(group.failing.map((t) => t.run.id).sort()).toEqual([1, 2]);
    expect(group.running.map((t) => t.run.id)).toEqual([3]);
    expect(group.healthy).toEqual([]);
  });
});
