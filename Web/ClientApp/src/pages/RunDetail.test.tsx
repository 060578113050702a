import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Settings } from "../api/types";
import { AppContext, type AppContextValue } from "../context";
import { LiveStore } from "../live/store";
import { makeJob, makeRun } from "../test/fixtures";
import { RunDetailPage } from "./RunDetail";

const settings: Settings = {
  repositories: [{ fullName: "octo-org/octo-repo", category: null }],
  pinned: [], theme: "system", autoRefresh: { enabled: true, intervalSeconds: 30 }, notifications: { failedRunsOnPinned: false },
};

// A run of a repository that is not among the selected ones: the hub sends nothing for it.
const run = makeRun({ id: 77, repository: "someone/else", status: "in_progress", startedAt: "2026-11-22T10:00:01Z", updatedAt: "2026-11-22T10:00:01Z", htmlUrl: "https://github.com/someone/else/actions/runs/77" });
const cached = { stale: false, fetchedAt: "2026-11-22T10:00:02Z" };

let runFetches = 0;
let answer = run;
let repositories: unknown[] = [];
let jobsAnswer = [makeJob({ id: 1, runId: 77, status: "in_progress", htmlUrl: "javascript:alert(1)" })];
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });

function renderRun(store: LiveStore) {
  const value: AppContextValue = {
    session: { userId: 1, login: "octocat", name: null, avatarUrl: null, expiresAt: "2026-11-23T00:00:00Z", csrfToken: "t" },
    settings, saveSettings: async (s) => s, store, live: null, signOut: async () => {},
  };
  return render(<AppContext.Provider value={value}><RunDetailPage owner="someone" repo="else" id={77} /></AppContext.Provider>);
}

const flush = () => act(async () => { await vi.advanceTimersByTimeAsync(0); });
const wait = (ms: number) => act(async () => { await vi.advanceTimersByTimeAsync(ms); });

describe("RunDetailPage", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    runFetches = 0;
    repositories = [];
    answer = run;
    jobsAnswer = [makeJob({ id: 1, runId: 77, status: "in_progress", htmlUrl: "javascript:alert(1)" })];
    vi.stubGlobal("fetch", vi.fn(async (url: string) => {
      if (url === "/api/repos/someone/else/runs/77") { runFetches++; return json({ ...answer, ...cached }); }
      if (url === "/api/repos/someone/else/runs/77/jobs") return json({ ...cached, jobs: jobsAnswer });
      if (url === "/api/repos/someone/else/jobs/2/failure") {
        return json({
          ...cached, jobId: 2, jobName: "test", runId: 77, runAttempt: 1, status: "completed", conclusion: "failure",
          failedStep: { number: 3, name: "Run tests" }, logTail: [{ time: null, text: "##[error]Process completed with exit code 1." }],
          logTruncated: false, logAvailable: true, annotations: [], pullRequests: [], htmlUrl: null,
        });
      }
      if (url === "/api/repos/someone/else/runs/77/pending-deployments") {
        return json({ deployments: [{ environmentId: 9, environment: "production", environmentUrl: null, waitTimer: 0, waitTimerStartedAt: null, currentUserCanApprove: true, reviewers: ["octocat"] }] });
      }
      if (url === "/api/repos") return json({ ...cached, repositories });
      return new Response(null, { status: 404 });
    }));
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("polls a run whose repository the hub does not cover, even while the connection is live", async () => {
    const store = new LiveStore();
    store.setConnection("live");
    store.setSubscribed(["octo-org/octo-repo"]);
    renderRun(store);
    await flush();
    expect(runFetches).toBe(1);

    answer = { ...run, status: "completed", conclusion: "success", updatedAt: "2026-11-22T10:01:00Z" };
    await wait(30_000);
    expect(runFetches).toBe(2);
    expect(screen.getAllByText("Success").length).toBeGreaterThan(0);
  });

  it("does not poll a run whose repository the hub sends events for", async () => {
    const store = new LiveStore();
    store.setConnection("live");
    store.setSubscribed(["octo-org/octo-repo", "Someone/Else"]);
    renderRun(store);
    await flush();
    await wait(90_000);
    expect(runFetches).toBe(1);

    act(() => store.setConnection("reconnecting")); // the hub went away: poll
    await wait(30_000);
    expect(runFetches).toBe(2);
  });

  it("links to GitHub only for http(s) addresses", async () => {
    const store = new LiveStore();
    renderRun(store);
    await flush();
    expect(screen.getByRole("link", { name: /View run and logs on GitHub/ }).getAttribute("href")).toBe(run.htmlUrl);
    expect(screen.queryByRole("link", { name: /Logs on GitHub/ })).toBeNull(); // the job's javascript: address
  });

  it("shows why a failed job failed under it, and asks nothing for a job that passed", async () => {
    answer = { ...run, status: "completed", conclusion: "failure" };
    jobsAnswer = [
      makeJob({ id: 1, runId: 77, name: "build", status: "completed", conclusion: "success" }),
      makeJob({ id: 2, runId: 77, name: "test", status: "completed", conclusion: "failure" }),
    ];
    renderRun(new LiveStore());
    await flush();
    await flush();

    expect(screen.getByText("Run tests")).toBeTruthy();
    expect(screen.getByLabelText("Last lines of the log of Run tests").textContent).toContain("Error: Process completed with exit code 1.");
    const asked = vi.mocked(fetch).mock.calls.map(([url]) => String(url));
    expect(asked).toContain("/api/repos/someone/else/jobs/2/failure");
    expect(asked).not.toContain("/api/repos/someone/else/jobs/1/failure");
  });

  it("keeps its run in the store while open, however many others arrive", async () => {
    const store = new LiveStore({ maxRuns: 3 });
    const { unmount } = renderRun(store);
    await flush();
    for (let id = 500; id < 510; id++) act(() => store.applyRun({ eventId: String(id), repository: "someone/else", run: makeRun({ id, repository: "someone/else" }) }));
    expect(store.getState().runs.has(77)).toBe(true);
    expect(screen.getByTestId("run-attempt").textContent).toBe("1");
    unmount();
    act(() => store.applyRun({ eventId: "510", repository: "someone/else", run: makeRun({ id: 510, repository: "someone/else" }) }));
    expect(store.getState().runs.has(77)).toBe(false);
  });

  it("shows a waiting run's environments to review, and offers a re-run of every finished job", async () => {
    answer = { ...run, status: "waiting" };
    repositories = [{ fullName: "someone/else", canRerun: true, canCancel: true }];
    jobsAnswer = [makeJob({ id: 3, runId: 77, name: "plan", status: "completed", conclusion: "success" })];
    renderRun(new LiveStore());
    await flush();
    await flush();
    expect(screen.getByRole("heading", { name: "Waiting for review" })).toBeTruthy();
    expect(screen.getByText("production")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Approve and deploy" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Re-run plan" })).toBeTruthy();
  });

  it("keeps what the review did on the page after the approved run stops waiting", async () => {
    answer = { ...run, status: "waiting" };
    repositories = [{ fullName: "someone/else", canRerun: true, canCancel: true }];
    renderRun(new LiveStore());
    await flush();
    await flush();
    fireEvent.click(screen.getByRole("button", { name: "Approve and deploy" }));
    answer = { ...run, status: "in_progress" };
    fireEvent.click(screen.getByRole("button", { name: "Yes, approve" }));
    await flush();
    await flush();
    expect(runFetches).toBeGreaterThan(1);
    expect(screen.getByRole("heading", { name: "Deployment review" })).toBeTruthy();
    expect(screen.getByText(/Approved: the run goes on to production/)).toBeTruthy();
  });
});
