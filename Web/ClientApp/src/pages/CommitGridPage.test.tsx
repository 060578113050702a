import { act, cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CommitGrid } from "../api/types";
import { CommitGridPage } from "./CommitGridPage";

const grid: CommitGrid = {
  repository: "octo-org/octo-repo", branch: "main", limit: 20,
  workflows: [{ id: 1, name: "CI" }, { id: 2, name: "Lint" }],
  commits: [
    { headSha: "c2c2c2c2c2", message: "Fix the build\n\nDetails", actor: { login: "octocat", avatarUrl: null }, pushedAt: "2026-12-04T10:00:00Z",
      runs: [{ workflowId: 1, runId: 21, runNumber: 7, runAttempt: 2, status: "completed", conclusion: "success", createdAt: "2026-12-04T10:00:00Z", htmlUrl: "" }] },
    { headSha: "c1c1c1c1c1", message: null, actor: null, pushedAt: "2026-12-04T09:00:00Z",
      runs: [
        { workflowId: 1, runId: 11, runNumber: 6, runAttempt: 1, status: "completed", conclusion: "failure", createdAt: "2026-12-04T09:00:00Z", htmlUrl: "" },
        { workflowId: 2, runId: 12, runNumber: 3, runAttempt: 1, status: "in_progress", conclusion: null, createdAt: "2026-12-04T09:00:00Z", htmlUrl: "" },
      ] },
  ],
  generatedAt: "2026-12-04T10:05:00Z",
};

const requested: string[] = [];
const flush = () => act(async () => { await new Promise((r) => setTimeout(r, 0)); });

describe("CommitGridPage", () => {
  beforeEach(() => {
    requested.length = 0;
    window.history.replaceState(null, "", "/repos/octo-org/octo-repo/commits");
    vi.stubGlobal("fetch", vi.fn(async (url: string) => {
      requested.push(url);
      return new Response(JSON.stringify(grid), { status: 200, headers: { "Content-Type": "application/json" } });
    }));
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("shows commits as rows and workflows as columns, each cell the workflow's latest run on the commit", async () => {
    render(<CommitGridPage owner="octo-org" repo="octo-repo" />);
    await flush();
    expect(requested).toEqual(["/api/repos/octo-org/octo-repo/commits"]);
    expect(screen.getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Commit", "CI", "Lint"]);
    expect(screen.getByRole("link", { name: "Lint" }).getAttribute("href")).toBe("/repos/octo-org/octo-repo/workflows/2?branch=main");
    const rows = screen.getAllByRole("row").slice(1);
    expect(within(rows[0]).getByRole("rowheader").textContent).toContain("Fix the build");
    expect(within(rows[0]).getByRole("link", { name: "CI #7" }).getAttribute("href")).toBe("/runs/octo-org/octo-repo/21");
    expect(within(rows[0]).getByLabelText("did not run")).toBeTruthy();
    expect(within(rows[1]).getByRole("link", { name: "Lint #3" }).querySelector("[data-status]")?.getAttribute("data-status")).toBe("in_progress");
    expect((screen.getByRole("textbox", { name: "Branch" }) as HTMLInputElement).value).toBe("main");
  });
});
