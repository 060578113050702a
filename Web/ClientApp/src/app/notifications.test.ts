import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeRepo, makeRun } from "../test/fixtures";
import { notifyFailedRun } from "./notifications";

class FakeNotification {
  static permission: NotificationPermission = "granted";
  static shown: FakeNotification[] = [];
  onclick: (() => void) | null = null;
  constructor(public title: string, public options: NotificationOptions) { FakeNotification.shown.push(this); }
}

beforeEach(() => {
  FakeNotification.permission = "granted";
  FakeNotification.shown = [];
  vi.stubGlobal("Notification", FakeNotification);
  window.history.replaceState(null, "", "/");
});

afterEach(() => vi.unstubAllGlobals());

const run = makeRun({
  id: 99, runAttempt: 2, repository: "octo-org/octo-repo", workflowName: "CI", branch: "main",
  commitMessage: "Fix the flaky test\n\nLonger description", actor: { login: "monalisa", avatarUrl: "https://avatars.example/u/2" },
});

describe("failed-run notifications", () => {
  it("names the workflow and repository, shows the branch and the commit's first line, one per run attempt", () => {
    notifyFailedRun(run, makeRepo({ fullName: "octo-org/octo-repo" }));

    expect(FakeNotification.shown).toHaveLength(1);
    const [shown] = FakeNotification.shown;
    expect(shown.title).toBe("CI failed in octo-org/octo-repo");
    expect(shown.options).toMatchObject({ body: "main · Fix the flaky test", tag: "run-99-2", icon: "https://avatars.example/u/2" });
  });

  it("opens the run when clicked", () => {
    const focus = vi.spyOn(window, "focus").mockImplementation(() => {});
    notifyFailedRun(run, makeRepo({ fullName: "octo-org/octo-repo" }));

    FakeNotification.shown[0].onclick!();

    expect(focus).toHaveBeenCalled();
    expect(window.location.pathname).toBe("/runs/octo-org/octo-repo/99");
  });

  it("shows nothing without the browser's permission", () => {
    FakeNotification.permission = "denied";
    notifyFailedRun(run, makeRepo());
    expect(FakeNotification.shown).toHaveLength(0);
  });
});
