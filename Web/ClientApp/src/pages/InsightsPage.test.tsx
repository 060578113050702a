import { act, cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Insights } from "../api/types";
import { InsightsPage } from "./InsightsPage";

const insights: Insights = {
  days: 7, since: "2026-11-28T00:00:00Z", repositories: ["octo-org/a", "octo-org/b"],
  flakyJobs: [{ repository: "octo-org/a", workflowId: 2001, workflowName: "CI", jobName: "unit", flakyCommits: 2, commits: 3, flakeRate: 2 / 3, lastFlakeAt: "2026-12-03T12:00:00Z" }],
  failingWorkflows: [{ repository: "octo-org/b", workflowId: 3001, workflowName: "Deploy", runs: 3, failures: 2, failureRate: 2 / 3 }],
  slowestWorkflows: [{ repository: "octo-org/b", workflowId: 3001, workflowName: "Deploy", runs: 3, p50Seconds: 2000, p95Seconds: 2900 }],
  queueTimeByLabel: [],
  generatedAt: "2026-12-04T12:00:00Z",
};

const requested: string[] = [];
const flush = () => act(async () => { await new Promise((r) => setTimeout(r, 0)); });

describe("InsightsPage", () => {
  beforeEach(() => {
    requested.length = 0;
    window.history.replaceState(null, "", "/insights?days=7");
    vi.stubGlobal("fetch", vi.fn(async (url: string) => {
      requested.push(url);
      return new Response(JSON.stringify(insights), { status: 200, headers: { "Content-Type": "application/json" } });
    }));
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("asks for the window in the address and shows each table, linking workflows to their page", async () => {
    render(<InsightsPage />);
    await flush();
    expect(requested).toEqual(["/api/insights?days=7"]);
    const flaky = screen.getByRole("table", { name: "Flaky jobs" });
    expect(within(flaky).getByRole("rowheader", { name: "unit" }).parentElement?.textContent).toContain("2 of 3");
    expect(within(flaky).getByText("66.7%")).toBeTruthy();
    expect(within(flaky).getByRole("link", { name: "CI" }).getAttribute("href")).toBe("/repos/octo-org/a/workflows/2001?days=7");
    const failing = screen.getByRole("table", { name: "Failing workflows" });
    expect(within(failing).getByText("2 of 3")).toBeTruthy();
    expect(within(screen.getByRole("table", { name: "Slowest workflows" })).getByText("33m 20s")).toBeTruthy();
    expect(screen.getByText(/No jobs with queue times/)).toBeTruthy();
  });

  it("points to the repository picker when nothing is selected", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify({ ...insights, repositories: [], flakyJobs: [], failingWorkflows: [], slowestWorkflows: [] }), { status: 200 })));
    render(<InsightsPage />);
    await flush();
    expect(screen.getByText("No repositories selected")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Pick repositories" }).getAttribute("href")).toBe("/repositories");
  });
});
