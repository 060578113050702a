import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { WorkflowInsights } from "../api/types";
import { makeRun } from "../test/fixtures";
import { WorkflowPage } from "./WorkflowPage";

const insights: WorkflowInsights = {
  repository: "octo-org/octo-repo", workflowId: 42, workflowName: "CI", branch: "main", days: 14, since: "2026-11-21T00:00:00Z",
  runs: { total: 6, completed: 6, successes: 2, failures: 3, cancelled: 1, successRate: 0.4 },
  duration: { count: 5, p50Seconds: 300, p95Seconds: 480 },
  queueTime: { count: 5, p50Seconds: 30, p95Seconds: 38 },
  daily: [
    { date: "2026-12-02", successes: 1, failures: 0, cancellations: 0, p50DurationSeconds: 100, p50QueueSeconds: 20 },
    { date: "2026-12-03", successes: 0, failures: 0, cancellations: 0, p50DurationSeconds: null, p50QueueSeconds: null },
    { date: "2026-12-04", successes: 1, failures: 1, cancellations: 1, p50DurationSeconds: 250, p50QueueSeconds: 30 },
  ],
  slowestJobs: [{ name: "test", count: 2, p50Seconds: 130, p95Seconds: 139 }],
  failingSince: { branch: "main", runId: 903, runNumber: 3, headSha: "abcdef0123456789", createdAt: "2026-12-01T12:00:00Z", failedRuns: 3 },
  generatedAt: "2026-12-04T12:00:00Z",
};

const requested: string[] = [];
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
const flush = () => act(async () => { await new Promise((r) => setTimeout(r, 0)); });

describe("WorkflowPage", () => {
  beforeEach(() => {
    requested.length = 0;
    window.history.replaceState(null, "", "/repos/octo-org/octo-repo/workflows/42?branch=main");
    vi.stubGlobal("fetch", vi.fn(async (url: string) => {
      requested.push(url);
      if (url.startsWith("/api/repos/octo-org/octo-repo/workflows/42/insights")) return json(insights);
      if (url.startsWith("/api/repos/octo-org/octo-repo/runs")) {
        return json({ runs: [makeRun({ id: 903, runNumber: 3, status: "completed", conclusion: "failure" })], totalCount: 1, page: 1, perPage: 20, stale: false, fetchedAt: "2026-12-04T12:00:00Z" });
      }
      return new Response(null, { status: 404 });
    }));
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("asks for the window and branch in the address, and the workflow's runs on that branch", async () => {
    render(<WorkflowPage owner="octo-org" repo="octo-repo" workflowId={42} />);
    await flush();
    expect(requested).toContain("/api/repos/octo-org/octo-repo/workflows/42/insights?days=14&branch=main");
    expect(requested).toContain("/api/repos/octo-org/octo-repo/runs?workflowId=42&branch=main&perPage=20");
  });

  it("shows the figures, the failure streak, a chart per series, the slowest jobs and the runs", async () => {
    render(<WorkflowPage owner="octo-org" repo="octo-repo" workflowId={42} />);
    await flush();
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("CI");
    expect(screen.getByText("40%")).toBeTruthy();
    expect(screen.getByText("5m 00s / 8m 00s")).toBeTruthy();
    const streak = screen.getByRole("note");
    expect(streak.textContent).toContain("since abcdef0");
    expect(streak.textContent).toContain("3 runs");
    expect(streak.querySelector("a")?.getAttribute("href")).toBe("/runs/octo-org/octo-repo/903");
    expect(screen.getAllByRole("img").map((i) => i.getAttribute("aria-label"))).toEqual([
      "Success rate per day: 2 of 3 days with data, latest 50% on 2026-12-04.",
      "Median duration per day: 2 of 3 days with data, latest 4m 10s on 2026-12-04.",
      "Median queue time per day: 2 of 3 days with data, latest 30s on 2026-12-04.",
    ]);
    expect(screen.getByRole("rowheader", { name: "test" }).parentElement?.textContent).toContain("2m 10s");
    expect(screen.getByRole("link", { name: "#3" }).getAttribute("href")).toBe("/runs/octo-org/octo-repo/903");
  });

  it("says what went wrong when the figures cannot be loaded", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify({ title: "Repository not found", detail: "There is no repository by that name." }), { status: 404 })));
    render(<WorkflowPage owner="octo-org" repo="octo-repo" workflowId={42} />);
    await flush();
    expect(screen.getAllByRole("alert")[0].textContent).toContain("There is no repository by that name.");
  });
});
