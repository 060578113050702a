import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { RunnerQueues } from "../api/types";
import { dailySeries, parseRunnerDays } from "../lib/runners";
import { RunnerTables, SelfHostedRunners } from "./RunnersPage";

const queues: RunnerQueues = {
  days: 3, since: "2026-11-20T00:00:00Z", repositories: ["octo-org/octo-repo"], generatedAt: new Date().toISOString(),
  waiting: [{ label: "self-hosted", jobs: 2, oldestCreatedAt: "2026-11-22T09:55:00Z", oldestWaitSeconds: 300 }],
  labels: [
    { label: "self-hosted", jobs: 4, p50Seconds: 25, p95Seconds: 38.5, daily: [{ date: "2026-11-20", jobs: 2, p50Seconds: 15, p95Seconds: 19.5 }, { date: "2026-11-22", jobs: 2, p50Seconds: 35, p95Seconds: 39.5 }] },
    { label: "ubuntu-latest", jobs: 1, p50Seconds: 60, p95Seconds: 60, daily: [{ date: "2026-11-21", jobs: 1, p50Seconds: 60, p95Seconds: 60 }] },
  ],
  selfHosted: [],
};

describe("runner queues", () => {
  afterEach(() => cleanup());

  it("fills every day of the window, null where no job started", () => {
    expect(dailySeries(queues.since, 3, queues.labels[0].daily)).toEqual({
      dates: ["2026-11-20", "2026-11-21", "2026-11-22"], p50: [15, null, 35], p95: [19.5, null, 39.5],
    });
  });

  it("reads ?days= as one of the choices, else 7", () => {
    expect(parseRunnerDays("?days=14")).toBe(14);
    expect(parseRunnerDays("?days=5")).toBe(7);
    expect(parseRunnerDays("")).toBe(7);
  });

  it("shows what waits now, the waits per label, and a chart per label", () => {
    render(<RunnerTables queues={queues} />);
    const waiting = screen.getByRole("table", { name: "Waiting now" });
    const row = within(waiting).getByRole("row", { name: /self-hosted/ });
    expect(row.textContent).toContain("2");
    expect(row.textContent).toContain("5m 0");
    const waits = screen.getByRole("table", { name: /Wait for a runner, last 3 days/ });
    expect(within(waits).getAllByRole("row").slice(1).map((r) => r.querySelector("th")?.textContent)).toEqual(["self-hosted", "ubuntu-latest"]);
    expect(within(waits).getByRole("row", { name: /self-hosted/ }).textContent).toContain("38s");
    expect(screen.getAllByRole("img")).toHaveLength(2);
  });

  it("says so when nothing waits, and when nothing is selected", () => {
    const { unmount } = render(<RunnerTables queues={{ ...queues, waiting: [] }} />);
    expect(screen.getByText("No job is waiting for a runner.")).toBeTruthy();
    unmount();
    render(<RunnerTables queues={{ ...queues, repositories: [] }} />);
    expect(screen.getByText("No repositories selected")).toBeTruthy();
  });

  it("lists self-hosted runners busy first, with their labels, and says why a repository's runners are hidden", () => {
    render(<SelfHostedRunners repositories={[
      { repository: "octo-org/infra", visible: true, note: null, stale: false, runners: [
        { id: 23, name: "infra-gpu-1", os: "linux", state: "offline", labels: ["self-hosted", "gpu"] },
        { id: 22, name: "infra-linux-2", os: "linux", state: "idle", labels: ["self-hosted"] },
        { id: 21, name: "infra-linux-1", os: "linux", state: "busy", labels: ["self-hosted", "terraform"] },
      ] },
      { repository: "octo-org/octo-repo", visible: false, note: "GitHub shows octo-org/octo-repo's runners to its admins only.", stale: false, runners: [] },
    ]} />);
    const table = screen.getByRole("table", { name: "Self-hosted runners of octo-org/infra" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => [r.getAttribute("data-runner"), r.getAttribute("data-state")])).toEqual([
      ["infra-linux-1", "busy"], ["infra-linux-2", "idle"], ["infra-gpu-1", "offline"],
    ]);
    expect(rows[0].textContent).toContain("Busy");
    expect(rows[0].textContent).toContain("terraform");
    expect(screen.getByText("1 busy, 1 idle, 1 offline")).toBeTruthy();
    expect(screen.getByTestId("runners-hidden").textContent).toContain("admins only");
  });

  it("says when no job asked for a self-hosted runner", () => {
    render(<RunnerTables queues={queues} />);
    expect(screen.getByText("No job in this window asked for a self-hosted runner.")).toBeTruthy();
  });
});
