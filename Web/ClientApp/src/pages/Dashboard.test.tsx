import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Settings } from "../api/types";
import { AppContext, type AppContextValue } from "../context";
import { LiveStore } from "../live/store";
import { dashboardOf, makeRepo, makeRun } from "../test/fixtures";
import { FAILING_SINCE_RETRY_MS } from "../lib/useFailingSince";
import { DashboardPage } from "./Dashboard";

const settings: Settings = {
  repositories: [{ fullName: "octo-org/octo-repo", category: "Work" }, { fullName: "octocat/hello-world", category: null }],
  pinned: ["octo-org/octo-repo"], theme: "system", autoRefresh: { enabled: true, intervalSeconds: 60 }, notifications: { failedRunsOnPinned: false },
};

function renderDashboard(store: LiveStore) {
  const value: AppContextValue = {
    session: { userId: 1, login: "octocat", name: null, avatarUrl: null, expiresAt: "2026-11-23T00:00:00Z", csrfToken: "t" },
    settings, saveSettings: async (s) => s, store, live: null, signOut: async () => {},
  };
  return render(<AppContext.Provider value={value}><DashboardPage /></AppContext.Provider>);
}

const running = makeRun({ id: 1, repository: "octo-org/octo-repo", workflowName: "CI", status: "in_progress", startedAt: "2026-11-22T10:00:00Z", updatedAt: "2026-11-22T10:00:05Z" });
const failed = makeRun({ id: 2, repository: "octocat/hello-world", workflowName: "Linter", status: "completed", conclusion: "failure", branch: "feature", updatedAt: "2026-11-22T10:03:00Z" });

function loadedStore() {
  const store = new LiveStore();
  store.loadDashboard(dashboardOf(
    makeRepo({ fullName: "octo-org/octo-repo", pinned: true, category: "Work", runs: [running] }),
    makeRepo({ fullName: "octocat/hello-world", private: false, runs: [failed] }),
  ));
  return store;
}

const failingSince: string[] = [];

describe("DashboardPage", () => {
  beforeEach(() => {
    window.history.replaceState(null, "", "/");
    failingSince.length = 0;
    vi.stubGlobal("fetch", vi.fn(async (url: string) => {
      failingSince.push(url);
      const runs = url.includes("runIds=2")
        ? [{ runId: 2, since: { branch: "feature", runId: 1, runNumber: 1, headSha: "0badc0de99", createdAt: "2026-11-21T10:00:00Z", failedRuns: 4 } }]
        : [];
      return new Response(JSON.stringify({ runs }), { status: 200, headers: { "Content-Type": "application/json" } });
    }));
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("shows a loading state until the dashboard arrives, then an error with a retry when it fails", () => {
    const store = new LiveStore();
    renderDashboard(store);
    expect(screen.getByRole("status").textContent).toContain("Loading your runs");
    act(() => store.setDashboardError("The server could not be reached."));
    expect(screen.getByRole("alert").textContent).toContain("The server could not be reached.");
  });

  it("groups repositories, pinned first, each run with its status in words", () => {
    renderDashboard(loadedStore());
    const groups = screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent?.replace("★", "").trim());
    expect(groups).toEqual(["Pinned", "Uncategorised"]);
    const pinned = screen.getByRole("article", { name: "octo-org/octo-repo (opens GitHub)" });
    expect(within(pinned).getByText("In progress")).toBeTruthy();
    expect(within(pinned).getByText("Work")).toBeTruthy();
    const other = screen.getByRole("article", { name: "octocat/hello-world (opens GitHub)" });
    expect(within(other).getByText("Failed")).toBeTruthy();
  });

  it("applies filters from the URL and writes changes back to it", () => {
    window.history.replaceState(null, "", "/?status=failure");
    renderDashboard(loadedStore());
    expect(screen.getAllByTestId("run-row")).toHaveLength(1);
    expect(screen.getByText("1 of 2 runs match")).toBeTruthy();

    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "" } });
    fireEvent.change(screen.getByLabelText("Branch"), { target: { value: ":default" } });
    expect(window.location.search).toBe("?defaultBranch=1");
    expect(screen.getAllByTestId("run-row").map((r) => r.dataset.runId)).toEqual(["1"]);
  });

  it("says so when nothing matches, with a way back", () => {
    window.history.replaceState(null, "", "/?q=nothing-like-this");
    renderDashboard(loadedStore());
    expect(screen.getByText("No runs match these filters")).toBeTruthy();
    fireEvent.click(screen.getAllByRole("button", { name: "Clear filters" })[0]);
    expect(window.location.search).toBe("");
    expect(screen.getAllByTestId("run-row")).toHaveLength(2);
  });

  it("says how many older branch runs the server left out, with a link to all of them on GitHub", () => {
    const store = new LiveStore();
    store.loadDashboard(dashboardOf(
      makeRepo({ fullName: "octo-org/octo-repo", runs: [running], hiddenRuns: 12, htmlUrl: "https://github.com/octo-org/octo-repo" }),
      makeRepo({ fullName: "octocat/hello-world", runs: [failed] }),
    ));
    renderDashboard(store);
    const card = screen.getByRole("article", { name: "octo-org/octo-repo (opens GitHub)" });
    expect(within(card).getByText(/12 older branch runs not shown/)).toBeTruthy();
    expect(within(card).getByRole("link", { name: "All runs on GitHub" }).getAttribute("href")).toBe("https://github.com/octo-org/octo-repo/actions");
    const other = screen.getByRole("article", { name: "octocat/hello-world (opens GitHub)" });
    expect(within(other).queryByText(/not shown/)).toBeNull();
  });

  it("links a repository to GitHub only when its address is http(s)", () => {
    const store = new LiveStore();
    store.loadDashboard(dashboardOf(
      makeRepo({ fullName: "octo-org/octo-repo", htmlUrl: "javascript:alert(document.cookie)" }),
      makeRepo({ fullName: "octocat/hello-world" }),
    ));
    renderDashboard(store);
    expect(screen.getAllByRole("link").map((a) => a.getAttribute("href")).filter((h) => h?.includes("github"))).toEqual(["https://github.com/octocat/hello-world"]);
    expect(screen.getByRole("heading", { level: 3, name: "octo-org/octo-repo" })).toBeTruthy();
  });

  it("links each row to its workflow's insights on the row's branch", () => {
    renderDashboard(loadedStore());
    expect(screen.getByRole("link", { name: "Insights of Linter on feature" }).getAttribute("href"))
      .toBe(`/repos/octocat/hello-world/workflows/${failed.workflowId}?branch=feature`);
  });

  it("notes on a red row since which commit its workflow has been failing on that branch", async () => {
    renderDashboard(loadedStore());
    await act(async () => { await new Promise((r) => setTimeout(r, 0)); });
    expect(failingSince).toEqual(["/api/insights/failing-since?runIds=2"]);
    const row = screen.getAllByTestId("run-row").find((r) => r.dataset.runId === "2")!;
    expect(within(row).getByText(/Failing since/).textContent).toBe("Failing since 0badc0d (4 runs)");
    expect(within(row).getByRole("link", { name: "0badc0d" }).getAttribute("href")).toBe("/runs/octocat/hello-world/1");
    expect(within(screen.getAllByTestId("run-row").find((r) => r.dataset.runId === "1")!).queryByText(/Failing since/)).toBeNull();
  });

  it("asks once more about a red row the read model did not know yet", async () => {
    vi.useFakeTimers();
    try {
      let calls = 0;
      vi.stubGlobal("fetch", vi.fn(async () => {
        calls++;
        const runs = calls === 1 ? [] : [{ runId: 2, since: { branch: "feature", runId: 1, runNumber: 1, headSha: "feedface00", createdAt: "2026-11-21T10:00:00Z", failedRuns: 2 } }];
        return new Response(JSON.stringify({ runs }), { status: 200, headers: { "Content-Type": "application/json" } });
      }));
      renderDashboard(loadedStore());
      await act(async () => { await vi.advanceTimersByTimeAsync(0); });
      expect(screen.queryByText(/Failing since/)).toBeNull();
      await act(async () => { await vi.advanceTimersByTimeAsync(FAILING_SINCE_RETRY_MS); });
      expect(screen.getByText(/Failing since/).textContent).toBe("Failing since feedfac (2 runs)");
      await act(async () => { await vi.advanceTimersByTimeAsync(FAILING_SINCE_RETRY_MS * 3); });
      expect(calls).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("updates a row live and highlights it", () => {
    const store = loadedStore();
    renderDashboard(store);
    act(() => store.applyRun({ eventId: "5", repository: running.repository, run: { ...running, status: "completed", conclusion: "success", updatedAt: "2026-11-22T10:04:00Z" } }));
    const row = screen.getAllByTestId("run-row").find((r) => r.dataset.runId === "1")!;
    expect(within(row).getByText("Success")).toBeTruthy();
    expect(row.className).toContain("run-changed");
  });
});
