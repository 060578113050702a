import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getCsrfToken, setCsrfToken } from "../api/http";
import type { Dashboard, SubscribeResult } from "../api/types";
import { dashboardOf, makeRepo, makeRun } from "../test/fixtures";
import { startLive, type LiveController } from "./connection";
import { LiveStore } from "./store";

// A fake SignalR client: every built connection is recorded with the headers it was built with.
const hub = vi.hoisted(() => {
  type Handler = (...args: never[]) => unknown;
  class FakeConnection {
    state = "Disconnected";
    readonly handlers = new Map<string, Handler>();
    readonly closed: Handler[] = [];
    start = vi.fn(async () => { this.state = "Connected"; });
    stop = vi.fn(async () => { this.state = "Disconnected"; });
    /** What the hub answers to SubscribeSelected and Subscribe. */
    answer = vi.fn(async (_method: string, _repositories?: string[]): Promise<SubscribeResult> => ({ subscribed: ["octo-org/octo-repo"], refused: [] }));
    invoke = (method: string, ...args: unknown[]) => this.answer(method, args[0] as string[] | undefined);
    on(name: string, handler: Handler) { this.handlers.set(name, handler); }
    onclose(handler: Handler) { this.closed.push(handler); }
    onreconnecting() {}
    onreconnected() {}
    /** The server closed the connection. */
    close() { this.state = "Disconnected"; for (const handler of this.closed) void handler(); }
    send(name: string, message: unknown) { (this.handlers.get(name) as (m: unknown) => void)(message); }
  }
  const built: { connection: FakeConnection; headers: Record<string, string> }[] = [];
  let configure: (connection: FakeConnection) => void = () => {};
  return { FakeConnection, built, setConfigure: (f: (connection: FakeConnection) => void) => { configure = f; }, configure: (c: FakeConnection) => configure(c) };
});

vi.mock("@microsoft/signalr", () => ({
  LogLevel: { None: 6 },
  HubConnectionBuilder: class {
    private headers: Record<string, string> = {};
    withUrl(_url: string, options: { headers: Record<string, string> }) { this.headers = { ...options.headers }; return this; }
    withAutomaticReconnect() { return this; }
    configureLogging() { return this; }
    build() {
      const connection = new hub.FakeConnection();
      hub.configure(connection);
      hub.built.push({ connection, headers: this.headers });
      return connection;
    }
  },
}));

type Deferred = { url: string; resolve: (response: Response) => void };
let pending: Deferred[] = [];
let session: () => Response;
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const dashboardFetches = () => pending.filter((d) => d.url === "/api/dashboard");
const settle = async () => { for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(0); };
const connected = () => vi.waitFor(() => expect(hub.built.at(-1)?.connection.state).toBe("Connected"));

const queued = makeRun({ id: 9, status: "queued", updatedAt: "2026-11-22T10:00:00Z" });
const completed = { ...queued, status: "completed" as const, conclusion: "success" as const, updatedAt: "2026-11-22T10:01:00Z" };
const dashboardWith = (run = queued): Dashboard => dashboardOf(makeRepo({ runs: [run] }));

describe("startLive", () => {
  let live: LiveController | null = null;
  let store: LiveStore;
  const onSessionEnded = vi.fn();
  const onUserChanged = vi.fn();
  const start = () => {
    live = startLive(store, { pollSeconds: () => null, selected: () => ["octo-org/octo-repo"], onSessionEnded, userId: 1, onUserChanged });
  };

  beforeEach(() => {
    vi.useFakeTimers();
    hub.built.length = 0;
    hub.setConfigure(() => {});
    pending = [];
    onSessionEnded.mockReset();
    onUserChanged.mockReset();
    store = new LiveStore();
    setCsrfToken("token-1");
    session = () => json({ userId: 1, login: "octocat", name: null, avatarUrl: null, expiresAt: "2026-11-23T00:00:00Z", csrfToken: "token-1" });
    vi.stubGlobal("fetch", vi.fn((url: string) => {
      if (url === "/auth/session") return Promise.resolve(session());
      return new Promise<Response>((resolve) => pending.push({ url, resolve }));
    }));
  });
  afterEach(async () => {
    await live?.stop();
    live = null;
    setCsrfToken(null);
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("reloads once more when a reload is asked for while one is in flight, and only once", async () => {
    start();
    await connected();
    expect(dashboardFetches()).toHaveLength(1);

    // The hub confirms a subscription while the first load (an older snapshot) is still on its way.
    hub.built[0].connection.send("subscriptionsChanged", { repositories: ["octo-org/octo-repo"] });
    const asked = live!.refresh(); // and someone else asks too: the same extra reload
    await settle();
    expect(dashboardFetches()).toHaveLength(1);

    dashboardFetches()[0].resolve(json(dashboardWith(queued)));
    await settle();
    expect(dashboardFetches()).toHaveLength(2);
    expect(store.getState().runs.get(9)?.status).toBe("queued");

    dashboardFetches()[1].resolve(json(dashboardWith(completed)));
    await settle();
    await asked;
    expect(store.getState().dashboard!.repositories[0].runs[0].status).toBe("completed");
    await settle();
    expect(dashboardFetches()).toHaveLength(2);
  });

  it("after the hub closed, takes a new session's CSRF token and rebuilds the connection with it", async () => {
    start();
    await connected();
    expect(hub.built[0].headers["X-CSRF-Token"]).toBe("token-1");

    // Signed in again in another tab: a new session, a new token; the hub closed the old session's connection.
    session = () => json({ userId: 1, login: "octocat", name: null, avatarUrl: null, expiresAt: "2026-11-24T00:00:00Z", csrfToken: "token-2" });
    hub.built[0].connection.close();
    await settle();
    expect(getCsrfToken()).toBe("token-2");
    expect(hub.built).toHaveLength(2);
    expect(hub.built[1].headers["X-CSRF-Token"]).toBe("token-2");

    await vi.advanceTimersByTimeAsync(15_000);
    expect(hub.built[1].connection.start).toHaveBeenCalledTimes(1);
    expect(hub.built[0].connection.start).toHaveBeenCalledTimes(1);
    expect(store.getState().connection).toBe("live");
  });

  it("when negotiate is refused, checks the session and rebuilds with its new token instead of retrying forever", async () => {
    hub.setConfigure((connection) => {
      if (hub.built.length === 0) connection.start.mockRejectedValue(new Error("Failed to complete negotiation with the server: Error: Forbidden: Status code '403'"));
    });
    session = () => json({ userId: 1, login: "octocat", name: null, avatarUrl: null, expiresAt: "2026-11-24T00:00:00Z", csrfToken: "token-2" });
    start();
    await vi.waitFor(() => expect(hub.built).toHaveLength(2));
    expect(store.getState().connection).toBe("offline");
    expect(hub.built[1].headers["X-CSRF-Token"]).toBe("token-2");
    await vi.advanceTimersByTimeAsync(30_000);
    expect(hub.built[1].connection.state).toBe("Connected");
  });

  it("hands over to another user signed in since, instead of reconnecting with their session", async () => {
    start();
    await connected();
    session = () => json({ userId: 2, login: "monalisa", name: null, avatarUrl: null, expiresAt: "2026-11-24T00:00:00Z", csrfToken: "token-m" });
    hub.built[0].connection.close();
    await settle();
    expect(onUserChanged).toHaveBeenCalledTimes(1);
    expect(onUserChanged.mock.calls[0][0].login).toBe("monalisa");
    expect(getCsrfToken()).toBe("token-m");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(hub.built).toHaveLength(1);
    expect(hub.built[0].connection.start).toHaveBeenCalledTimes(1);
  });

  it("keeps the connection when the session is the same, and ends the app's session on 401", async () => {
    start();
    await connected();
    hub.built[0].connection.close();
    await settle();
    expect(hub.built).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(hub.built[0].connection.start).toHaveBeenCalledTimes(2);

    session = () => json({ title: "Unauthorized" }, 401);
    hub.built[0].connection.close();
    await settle();
    expect(onSessionEnded).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(hub.built[0].connection.start).toHaveBeenCalledTimes(2);
  });

  it("asks for a refused repository every 10 s, six more times, and reloads once one of them covers it", async () => {
    let tries = 0;
    hub.setConfigure((connection) => {
      connection.answer.mockImplementation(async (method) => {
        if (method === "SubscribeSelected") return { subscribed: [], refused: [] };
        tries++;
        return tries === 3 ? { subscribed: ["octo-org/octo-repo"], refused: [] } : { subscribed: [], refused: ["octo-org/octo-repo"] };
      });
    });
    start();
    await connected();
    dashboardFetches()[0].resolve(json(dashboardWith()));
    await settle();
    expect(tries).toBe(1);
    expect(store.isFullyLive(["octo-org/octo-repo"])).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(tries).toBe(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(tries).toBe(3);
    expect(store.isFullyLive(["octo-org/octo-repo"])).toBe(true);
    expect(dashboardFetches()).toHaveLength(2); // the first load, and the catch-up once covered

    tries = 100; // refused from now on: asked again until the sixth retry, then left to polling
    live!.ensureSubscribed();
    await settle();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(tries).toBe(107);
  });
});
