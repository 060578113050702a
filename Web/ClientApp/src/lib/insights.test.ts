import { describe, expect, it } from "vitest";
import { makeRepo, makeRun } from "../test/fixtures";
import { cellsOf, chartPoints, commitsPath, failedRunIds, formatPercent, formatSeconds, linePath, parseInsightsSearch, successRateOf, workflowPath } from "./insights";

describe("insights helpers", () => {
  it("reads the window and branch of an insights page, falling back to 14 days", () => {
    expect(parseInsightsSearch("")).toEqual({ days: 14, branch: null });
    expect(parseInsightsSearch("?days=30&branch=%20release%2F1%20")).toEqual({ days: 30, branch: "release/1" });
    expect(parseInsightsSearch("?days=31")).toEqual({ days: 14, branch: null });
    expect(parseInsightsSearch("?days=abc&branch=")).toEqual({ days: 14, branch: null });
  });

  it("builds a workflow page's path, keeping only what is not the default", () => {
    expect(workflowPath("octo-org/octo repo", 42)).toBe("/repos/octo-org/octo%20repo/workflows/42");
    expect(workflowPath("octo-org/r", 42, { days: 14, branch: "main" })).toBe("/repos/octo-org/r/workflows/42?branch=main");
    expect(workflowPath("octo-org/r", 42, { days: 7, branch: "feat/x" })).toBe("/repos/octo-org/r/workflows/42?days=7&branch=feat%2Fx");
  });

  it("computes a day's success rate from passes and failures only", () => {
    expect(successRateOf({ successes: 2, failures: 3 })).toBe(0.4);
    expect(successRateOf({ successes: 0, failures: 0 })).toBeNull();
  });

  it("formats rates and seconds, with a dash for what is unknown", () => {
    expect(formatPercent(0.4)).toBe("40%");
    expect(formatPercent(2 / 3)).toBe("66.7%");
    expect(formatPercent(null)).toBe("—");
    expect(formatSeconds(187)).toBe("3m 07s");
    expect(formatSeconds(null)).toBe("—");
  });

  it("spreads chart points evenly, scales them to the largest value and leaves gaps for missing days", () => {
    const points = chartPoints([0, null, 50, 100], 300, 100);
    expect(points).toEqual([
      { x: 0, y: 100, value: 0, index: 0 },
      { x: 200, y: 50, value: 50, index: 2 },
      { x: 300, y: 0, value: 100, index: 3 },
    ]);
    expect(linePath(points)).toBe("M0 100 M200 50 L300 0");
  });

  it("keeps a fixed top when given one, and a single point in the middle", () => {
    expect(chartPoints([0.5], 200, 100, 1)).toEqual([{ x: 100, y: 50, value: 0.5, index: 0 }]);
    expect(chartPoints([null, null], 200, 100)).toEqual([]);
    expect(linePath([])).toBe("");
  });

  it("builds the commit grid's path and lays a commit's runs out under the grid's columns", () => {
    expect(commitsPath("octo-org/r")).toBe("/repos/octo-org/r/commits");
    expect(commitsPath("octo-org/r", "release/1")).toBe("/repos/octo-org/r/commits?branch=release%2F1");
    const runs = [{ workflowId: 3, runId: 30 }, { workflowId: 1, runId: 10 }];
    expect(cellsOf(runs, [{ id: 1 }, { id: 2 }, { id: 3 }])).toEqual([{ workflowId: 1, runId: 10 }, null, { workflowId: 3, runId: 30 }]);
  });

  it("picks the dashboard's finished, failed runs on a branch for the failure-streak note", () => {
    const repos = [
      makeRepo({ runs: [makeRun({ id: 9, status: "completed", conclusion: "failure" }), makeRun({ id: 3, status: "completed", conclusion: "timed_out" })] }),
      makeRepo({ fullName: "o/other", runs: [
        makeRun({ id: 5, status: "completed", conclusion: "success" }), makeRun({ id: 6, status: "in_progress" }),
        makeRun({ id: 7, status: "completed", conclusion: "failure", branch: null }), makeRun({ id: 8, status: "completed", conclusion: "cancelled" }),
      ] }),
    ];
    expect(failedRunIds(repos)).toEqual([3, 9]);
  });
});
