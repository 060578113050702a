import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Run } from "../api/types";
import { dashboardOf, makeJob, makeRepo, makeRun } from "../test/fixtures";
import { LiveStore } from "./store";

const message = (run: Run, eventId = "1") => ({ eventId, repository: run.repository, run });

describe("LiveStore", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("starts connecting, with no dashboard", () => {
    const store = new LiveStore();
    expect(store.getState()).toMatchObject({ dashboard: null, connection: "connecting", dashboardError: null });
  });

  it("tracks the connection state and tells subscribers only on change", () => {
    const store = new LiveStore();
    const listener = vi.fn();
    store.subscribe(listener);
    store.setConnection("live");
    store.setConnection("live");
    store.setConnection("reconnecting");
    store.setConnection("offline");
    expect(listener).toHaveBeenCalledTimes(3);
    expect(store.getState().connection).toBe("offline");
  });

  it("is fully live only when the hub covers every selected repository", () => {
    const store = new LiveStore();
    expect(store.isFullyLive(["octo-org/octo-repo"])).toBe(false);
    store.setConnection("live");
    expect(store.isFullyLive(["octo-org/octo-repo"])).toBe(false); // the hub has not answered yet
    store.setSubscribed(["Octo-Org/Octo-Repo"]);
    expect(store.isFullyLive(["octo-org/octo-repo"])).toBe(true);
    expect(store.isFullyLive(["octo-org/octo-repo", "octocat/hello-world"])).toBe(false);
    store.setConnection("reconnecting");
    expect(store.isFullyLive(["octo-org/octo-repo"])).toBe(false);
  });

  it("loads the dashboard and indexes its runs", () => {
    const store = new LiveStore();
    const run = makeRun({ id: 1 });
    store.loadDashboard(dashboardOf(makeRepo({ runs: [run] })));
    expect(store.getState().dashboard?.repositories[0].runs).toEqual([run]);
    expect(store.getState().runs.get(1)).toBe(run);
    expect(store.getState().highlighted.size).toBe(0); // nothing flashes on first load
  });

  it("moves a run from queued to completed from live messages, ignoring late ones", () => {
    const store = new LiveStore();
    const queued = makeRun({ id: 5, status: "queued", updatedAt: "2026-11-22T10:00:00Z" });
    store.loadDashboard(dashboardOf(makeRepo({ runs: [queued] })));
    const running = { ...queued, status: "in_progress" as const, startedAt: "2026-11-22T10:00:03Z", updatedAt: "2026-11-22T10:00:03Z" };
    const done = { ...running, status: "completed" as const, conclusion: "success" as const, updatedAt: "2026-11-22T10:01:00Z" };

    store.applyRun(message(done, "3"));
    store.applyRun(message(running, "2")); // delivered late

    const shown = store.getState().dashboard!.repositories[0].runs;
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ id: 5, status: "completed", conclusion: "success" });
  });

  it("a poll with an older snapshot does not undo a live update", () => {
    const store = new LiveStore();
    const queued = makeRun({ id: 5, status: "queued", updatedAt: "2026-11-22T10:00:00Z" });
    store.loadDashboard(dashboardOf(makeRepo({ runs: [queued] })));
    store.applyRun(message({ ...queued, status: "in_progress", updatedAt: "2026-11-22T10:00:09Z" }));
    store.loadDashboard(dashboardOf(makeRepo({ runs: [queued] })));
    expect(store.getState().dashboard!.repositories[0].runs[0].status).toBe("in_progress");
  });

  it("keeps the latest run per workflow and branch, newest first", () => {
    const store = new LiveStore();
    const old = makeRun({ id: 10, workflowId: 1, branch: "main", createdAt: "2026-11-22T09:00:00Z" });
    const other = makeRun({ id: 11, workflowId: 2, branch: "main", createdAt: "2026-11-22T09:30:00Z" });
    store.loadDashboard(dashboardOf(makeRepo({ runs: [other, old] })));

    const newer = makeRun({ id: 12, workflowId: 1, branch: "main", createdAt: "2026-11-22T10:00:00Z", updatedAt: "2026-11-22T10:00:00Z" });
    store.applyRun(message(newer));
    expect(store.getState().dashboard!.repositories[0].runs.map((r) => r.id)).toEqual([12, 11]);

    // An older run of the same slot (a late delivery for run 10) does not take the slot back.
    store.applyRun(message({ ...old, status: "completed", conclusion: "failure", updatedAt: "2026-11-22T10:30:00Z" }));
    expect(store.getState().dashboard!.repositories[0].runs.map((r) => r.id)).toEqual([12, 11]);

    // A new branch gets its own slot.
    store.applyRun(message(makeRun({ id: 13, workflowId: 1, branch: "feature", createdAt: "2026-11-22T10:10:00Z", updatedAt: "2026-11-22T10:10:00Z" })));
    expect(store.getState().dashboard!.repositories[0].runs.map((r) => r.id)).toEqual([13, 12, 11]);
  });

  it("matches repositories case-insensitively and ignores ones not selected", () => {
    const store = new LiveStore();
    store.loadDashboard(dashboardOf(makeRepo({ fullName: "Octo-Org/Octo-Repo" })));
    store.applyRun(message(makeRun({ id: 20, repository: "octo-org/octo-repo" })));
    store.applyRun(message(makeRun({ id: 21, repository: "someone/else" })));
    expect(store.getState().dashboard!.repositories[0].runs.map((r) => r.id)).toEqual([20]);
    expect(store.getState().runs.has(21)).toBe(true); // still known to a run page
  });

  it("highlights a changed run briefly", () => {
    const store = new LiveStore({ highlightMs: 3000 });
    const run = makeRun({ id: 30 });
    store.loadDashboard(dashboardOf(makeRepo({ runs: [run] })));
    store.applyRun(message({ ...run, status: "in_progress", updatedAt: "2026-11-22T10:00:05Z" }));
    expect(store.getState().highlighted.has(30)).toBe(true);
    vi.advanceTimersByTime(2999);
    expect(store.getState().highlighted.has(30)).toBe(true);
    vi.advanceTimersByTime(1);
    expect(store.getState().highlighted.has(30)).toBe(false);
  });

  it("highlights what a poll changed, but not on the first load", () => {
    const store = new LiveStore();
    const run = makeRun({ id: 31 });
    store.loadDashboard(dashboardOf(makeRepo({ runs: [run] })));
    store.loadDashboard(dashboardOf(makeRepo({ runs: [{ ...run, status: "in_progress", updatedAt: "2026-11-22T10:00:05Z" }] })));
    expect(store.getState().highlighted.has(31)).toBe(true);
  });

  it("does not flash the runs of a repository that was just selected", () => {
    const store = new LiveStore();
    store.loadDashboard(dashboardOf());
    store.loadDashboard(dashboardOf(makeRepo({ runs: [makeRun({ id: 32 })] })));
    expect(store.getState().highlighted.size).toBe(0);
  });

  it("notifies when a pinned repository's run fails, once", () => {
    const store = new LiveStore();
    const notify = vi.fn();
    store.setFailureNotifier(notify);
    const pinnedRun = makeRun({ id: 40, repository: "octo-org/octo-repo", status: "in_progress" });
    const otherRun = makeRun({ id: 41, repository: "octocat/hello-world", status: "in_progress" });
    store.loadDashboard(dashboardOf(makeRepo({ fullName: "octo-org/octo-repo", pinned: true, runs: [pinnedRun] }), makeRepo({ fullName: "octocat/hello-world", runs: [otherRun] })));

    const failed = { ...pinnedRun, status: "completed" as const, conclusion: "failure" as const, updatedAt: "2026-11-22T10:03:00Z" };
    store.applyRun(message(failed));
    store.applyRun(message({ ...failed, updatedAt: "2026-11-22T10:03:01Z" })); // same failure again
    store.applyRun(message({ ...otherRun, status: "completed", conclusion: "failure", updatedAt: "2026-11-22T10:03:00Z" }));

    expect(notify).toHaveBeenCalledTimes(1);
    expect(notify.mock.calls[0][0]).toMatchObject({ id: 40, conclusion: "failure" });
  });

  it("does not notify for runs that were already failed when the dashboard loaded", () => {
    const store = new LiveStore();
    const notify = vi.fn();
    store.setFailureNotifier(notify);
    store.loadDashboard(dashboardOf(makeRepo({ pinned: true, runs: [makeRun({ status: "completed", conclusion: "failure" })] })));
    expect(notify).not.toHaveBeenCalled();
  });

  it("merges jobs and shows only the latest attempt's", () => {
    const store = new LiveStore();
    const build = makeJob({ id: 1, runId: 50, name: "build", status: "in_progress", createdAt: "2026-11-22T10:00:01Z" });
    const test = makeJob({ id: 2, runId: 50, name: "test", status: "queued", createdAt: "2026-11-22T10:00:02Z" });
    store.seedJobs(50, [test, build]);
    store.applyJob({ eventId: "9", repository: "octo-org/octo-repo", job: { ...build, status: "completed", conclusion: "success" } });
    store.applyJob({ eventId: "8", repository: "octo-org/octo-repo", job: build }); // late
    expect(store.jobsOf(50).map((j) => [j.name, j.status])).toEqual([["build", "completed"], ["test", "queued"]]);

    store.applyJob({ eventId: "10", repository: "octo-org/octo-repo", job: makeJob({ id: 3, runId: 50, runAttempt: 2, name: "build" }) });
    expect(store.jobsOf(50).map((j) => j.id)).toEqual([3]);
  });

  it("bounds the runs it holds, keeping the dashboard's, open run pages' and the most recently seen", () => {
    const store = new LiveStore({ maxRuns: 5 });
    const onDashboard = makeRun({ id: 100, status: "in_progress", updatedAt: "2026-11-22T10:00:05Z" });
    store.loadDashboard(dashboardOf(makeRepo({ runs: [onDashboard] })));
    store.seedRun(makeRun({ id: 101, repository: "someone/else" }));
    const release = store.viewRun(101); // open on a run page
    for (let id = 200; id < 220; id++) store.applyRun(message(makeRun({ id, repository: "someone/else" })));

    const held = [...store.getState().runs.keys()];
    expect(held).toHaveLength(7); // 5 + the dashboard's + the open one
    expect(held).toEqual(expect.arrayContaining([100, 101, 215, 216, 217, 218, 219]));

    // The merge rule still holds for what is kept: a late delivery does not move the dashboard's run backwards.
    store.applyRun(message({ ...onDashboard, status: "queued", updatedAt: "2026-11-22T10:00:00Z" }));
    expect(store.getState().dashboard!.repositories[0].runs[0].status).toBe("in_progress");
    expect(store.getState().runs.get(100)!.status).toBe("in_progress");

    // Once the page closes, the run it showed is forgotten like any other.
    release();
    store.applyRun(message(makeRun({ id: 220, repository: "someone/else" })));
    expect(store.getState().runs.has(101)).toBe(false);
    expect(store.getState().runs.size).toBe(6);
  });

  it("keeps the runs of a reloaded dashboard however many others arrive", () => {
    const store = new LiveStore({ maxRuns: 2 });
    const runs = [1, 2, 3].map((n) => makeRun({ id: 300 + n, workflowId: n }));
    store.loadDashboard(dashboardOf(makeRepo({ runs })));
    for (let id = 400; id < 410; id++) store.applyRun(message(makeRun({ id, repository: "someone/else" })));
    store.loadDashboard(dashboardOf(makeRepo({ runs })));
    expect([...store.getState().runs.keys()].sort()).toEqual([301, 302, 303, 408, 409]);
  });

  it("holds jobs for the runs seeded or updated last, and for open run pages", () => {
    const store = new LiveStore({ maxJobRuns: 3 });
    const release = store.viewRun(1);
    store.seedJobs(1, [makeJob({ runId: 1 })]);
    for (const runId of [2, 3, 4]) store.seedJobs(runId, [makeJob({ runId })]);
    store.applyJob({ eventId: "1", repository: "octo-org/octo-repo", job: makeJob({ runId: 2, status: "in_progress" }) }); // 2 is seen again
    store.seedJobs(5, [makeJob({ runId: 5 })]);
    expect([...store.getState().jobs.keys()].sort()).toEqual([1, 2, 4, 5]); // 3 was the least recently seen
    expect(store.jobsOf(1)).toHaveLength(1);

    release();
    store.seedJobs(6, [makeJob({ runId: 6 })]);
    expect([...store.getState().jobs.keys()].sort()).toEqual([2, 5, 6]);
  });

  it("records load errors and clears them on the next good load", () => {
    const store = new LiveStore();
    store.setDashboardError("Network error");
    expect(store.getState().dashboardError).toBe("Network error");
    store.loadDashboard(dashboardOf());
    expect(store.getState().dashboardError).toBeNull();
  });

  it("forgets everything on reset (sign-out)", () => {
    const store = new LiveStore();
    store.loadDashboard(dashboardOf(makeRepo({ runs: [makeRun()] })));
    store.setConnection("live");
    store.reset();
    expect(store.getState()).toMatchObject({ dashboard: null, connection: "connecting" });
    expect(store.getState().runs.size).toBe(0);
  });
});
