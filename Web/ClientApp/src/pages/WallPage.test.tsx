import { act, cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Settings } from "../api/types";
import { AppContext, type AppContextValue } from "../context";
import { LiveStore } from "../live/store";
import { dashboardOf, makeRepo, makeRun } from "../test/fixtures";
import { WallPage } from "./WallPage";

const settings: Settings = {
  repositories: [{ fullName: "octo-org/octo-repo", category: "Work" }, { fullName: "octocat/hello-world", category: null }, { fullName: "octo-org/docs", category: "Work" }],
  pinned: [], theme: "light", autoRefresh: { enabled: true, intervalSeconds: 60 }, notifications: { failedRunsOnPinned: false },
};

function renderWall(store: LiveStore) {
  const value: AppContextValue = {
    session: { userId: 1, login: "octocat", name: null, avatarUrl: null, expiresAt: "2026-11-23T00:00:00Z", csrfToken: "t" },
    settings, saveSettings: async (s) => s, store, live: null, signOut: async () => {},
  };
  return render(<AppContext.Provider value={value}><WallPage /></AppContext.Provider>);
}

const building = makeRun({ id: 1, repository: "octo-org/octo-repo", workflowName: "CI", branch: "main", status: "in_progress", startedAt: "2026-11-22T10:00:00Z", updatedAt: "2026-11-22T10:00:05Z" });
const broken = makeRun({
  id: 2, repository: "octocat/hello-world", workflowId: 7, workflowName: "Linter", status: "completed", conclusion: "failure", branch: "feature",
  actor: { login: "monalisa", avatarUrl: null }, updatedAt: "2026-11-22T10:03:00Z",
});
const green = makeRun({ id: 3, repository: "octo-org/docs", workflowId: 9, status: "completed", conclusion: "success", updatedAt: "2026-11-22T09:00:00Z" });

function loadedStore() {
  const store = new LiveStore();
  store.loadDashboard(dashboardOf(
    makeRepo({ fullName: "octo-org/octo-repo", category: "Work", runs: [building] }),
    makeRepo({ fullName: "octocat/hello-world", runs: [broken] }),
    makeRepo({ fullName: "octo-org/docs", category: "Work", runs: [green] }),
  ));
  return store;
}

const tiles = () => screen.getAllByTestId("wall-tile");

describe("WallPage", () => {
  beforeEach(() => window.history.replaceState(null, "", "/wall"));
  afterEach(() => cleanup());

  it("shows the failing run first as a tile with repository, workflow, branch and actor, then running ones, healthy ones as names", () => {
    renderWall(loadedStore());
    expect(tiles().map((t) => t.dataset.runId)).toEqual(["2", "1"]);
    const first = tiles()[0];
    expect(first.dataset.tone).toBe("failure");
    expect(first.textContent).toContain("Failed");
    expect(first.textContent).toContain("octocat/hello-world");
    expect(first.textContent).toContain("Linter");
    expect(first.textContent).toContain("feature");
    expect(first.textContent).toContain("monalisa");
    expect(tiles()[1].textContent).toContain("running for");
    const groups = screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent);
    expect(groups).toEqual(["Uncategorised", "Work"]);
    expect(within(screen.getByRole("list", { name: "Healthy in Work" })).getByText("octo-org/docs")).toBeTruthy();
    expect(screen.getByTestId("wall-failing").textContent).toBe("1 failing");
    // Nothing to click: the wall has no links or buttons.
    expect(screen.queryAllByRole("link")).toHaveLength(0);
    expect(screen.queryAllByRole("button")).toHaveLength(0);
  });

  it("turns a running tile red and moves it first when a live event says it failed", () => {
    const store = loadedStore();
    renderWall(store);
    act(() => store.applyRun({
      eventId: "e1", repository: "octo-org/octo-repo",
      run: { ...building, status: "completed", conclusion: "failure", updatedAt: "2026-11-22T10:10:00Z" },
    }));
    expect(tiles().map((t) => [t.dataset.runId, t.dataset.tone])).toEqual([["1", "failure"], ["2", "failure"]]);
    expect(screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent)).toEqual(["Work", "Uncategorised"]);
    expect(screen.getByTestId("wall-failing").textContent).toBe("2 failing");
  });

  it("shows a stale banner while the live connection is lost, and none once it is back", () => {
    const store = loadedStore();
    renderWall(store);
    act(() => store.setConnection("live"));
    expect(screen.queryByTestId("wall-stale")).toBeNull();
    act(() => store.setConnection("reconnecting"));
    expect(screen.getByRole("alert").textContent).toContain("Live updates lost");
    expect(screen.getByRole("alert").textContent).toContain("Showing data from");
    act(() => store.setConnection("live"));
    expect(screen.queryByTestId("wall-stale")).toBeNull();
  });

  it("keeps one category with ?category=", () => {
    window.history.replaceState(null, "", "/wall?category=work");
    renderWall(loadedStore());
    expect(tiles().map((t) => t.dataset.runId)).toEqual(["1"]);
    expect(screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent)).toEqual(["Work"]);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("work · CI wall");
  });

  it("says so when nothing is selected", () => {
    const store = new LiveStore();
    store.loadDashboard(dashboardOf());
    renderWall(store);
    expect(screen.getByText(/No repositories selected/)).toBeTruthy();
  });
});
