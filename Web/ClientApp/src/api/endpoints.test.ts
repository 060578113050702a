import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getRun, listJobs, requestRunAction, saveSettings, signOutSession } from "./endpoints";
import { ApiError, setCsrfToken } from "./http";
import type { Settings } from "./types";

type Call = { url: string; method: string; headers: Record<string, string>; body: string | undefined };
let calls: Call[] = [];
let answer: () => Response;

beforeEach(() => {
  calls = [];
  answer = () => new Response(null, { status: 204 });
  vi.stubGlobal("fetch", vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? "GET", headers: init.headers as Record<string, string>, body: init.body as string | undefined });
    return answer();
  }));
  setCsrfToken("csrf-1");
});

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

const problem = (status: number, body: object) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/problem+json" } });

describe("the API module", () => {
  it("builds run URLs with each part of the repository encoded, and reads without a CSRF token", async () => {
    answer = () => new Response(JSON.stringify({ jobs: [], stale: false, fetchedAt: "2026-11-22T10:00:00Z" }), { status: 200 });
    await getRun("octo org/répo", 42);
    await listJobs("octo-org/octo-repo", 42);

    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "GET /api/repos/octo%20org/r%C3%A9po/runs/42",
      "GET /api/repos/octo-org/octo-repo/runs/42/jobs",
    ]);
    expect(calls.every((c) => c.headers["X-CSRF-Token"] === undefined)).toBe(true);
  });

  it("sends run actions as POSTs carrying the session's CSRF token", async () => {
    await requestRunAction("octo-org/octo-repo", 7, "rerun-failed-jobs");
    await requestRunAction("octo-org/octo-repo", 7, "cancel");

    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "POST /api/repos/octo-org/octo-repo/runs/7/rerun-failed-jobs",
      "POST /api/repos/octo-org/octo-repo/runs/7/cancel",
    ]);
    expect(calls.map((c) => c.headers["X-CSRF-Token"])).toEqual(["csrf-1", "csrf-1"]);
  });

  it("saves settings with PUT and a JSON body", async () => {
    const settings: Settings = {
      repositories: [{ fullName: "octo-org/octo-repo", category: "Team" }], pinned: ["octo-org/octo-repo"], theme: "dark",
      autoRefresh: { enabled: false, intervalSeconds: 60 }, notifications: { failedRunsOnPinned: true },
    };
    answer = () => new Response(JSON.stringify(settings), { status: 200 });

    expect(await saveSettings(settings)).toEqual(settings);
    expect(calls[0]).toMatchObject({ method: "PUT", url: "/api/settings", body: JSON.stringify(settings) });
    expect(calls[0].headers["Content-Type"]).toBe("application/json");
    expect(calls[0].headers["X-CSRF-Token"]).toBe("csrf-1");
  });

  it("turns a refusal into an ApiError with the problem details GitHub's answer carried", async () => {
    answer = () => problem(409, { title: "Not possible now", detail: "This run is still in progress." });

    const error = await requestRunAction("octo-org/octo-repo", 7, "rerun").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, message: "This run is still in progress.", problem: { title: "Not possible now" } });
  });

  it("treats signing out of a session that already ended as done, and any other failure as a failure", async () => {
    answer = () => problem(401, { title: "Not signed in" });
    await expect(signOutSession()).resolves.toBeUndefined();
    expect(calls[0]).toMatchObject({ method: "POST", url: "/auth/logout" });

    answer = () => problem(503, { title: "Auth.Api is unavailable" });
    await expect(signOutSession()).rejects.toMatchObject({ status: 503 });
  });
});
