import type { HubConnection } from "@microsoft/signalr";
import { getDashboard, getSession } from "../api/endpoints";
import { getCsrfToken, setCsrfToken } from "../api/http";
import type { JobMessage, RunMessage, Session, SubscribeResult } from "../api/types";
import type { LiveStore } from "./store";

export type LiveOptions = {
  /** Seconds between polls of /api/dashboard while the hub is not connected; null: auto-refresh is off. */
  pollSeconds: () => number | null;
  /** The hub closed and /auth/session says the session is over. */
  onSessionEnded: () => void;
  /** The signed-in user this connection is for. */
  userId: number;
  /** /auth/session names another user (signed in since, in this browser): the app must start over as that user. */
  onUserChanged: (session: Session) => void;
  /** The selected repositories (full names), as the settings say now. */
  selected: () => string[];
  /** Whether the settings follow whole owners (whose new repositories appear on the dashboard by themselves). */
  follows?: () => boolean;
};

export type LiveController = {
  refresh: () => Promise<void>;
  /** After the selection changed: subscribe to it (`selected` if given, else the settings') and reload the dashboard. */
  resubscribe: (selected?: string[]) => Promise<void>;
  /** Checks the hub covers the selection (once the settings have loaded), without reloading the dashboard. */
  ensureSubscribed: () => Promise<void>;
  stop: () => Promise<void>;
};

/**
 * Keeps the store current: SignalR on /ws (WebSockets, then SSE, then long polling, all negotiated by the client),
 * reconnecting on its own; while it is not connected, polls /api/dashboard at the auto-refresh interval.
 */
export function startLive(store: LiveStore, options: LiveOptions): LiveController {
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let poll: ReturnType<typeof setTimeout> | undefined;
  let refreshing: Promise<void> | null = null;
  let refreshAgain: Promise<void> | null = null;
  let resubscribeTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Reloads the dashboard. A reload asked for while one is in flight (after `subscriptionsChanged`, a reconnect, a new
   * subscription) cannot reuse it: its snapshot may predate what the caller wants covered. So exactly one more runs
   * once it is done, shared by everyone who asked in the meantime; the returned promise settles after that one.
   */
  const refresh = (): Promise<void> => {
    if (refreshing) {
      refreshAgain ??= refreshing.then(() => { refreshAgain = null; return refresh(); });
      return refreshAgain;
    }
    if (stopped) return Promise.resolve();
    refreshing = getDashboard()
      .then((dashboard) => {
        if (stopped) return;
        store.loadDashboard(dashboard);
        // A followed owner's new repository is on the dashboard before the hub sends its events: subscribe to it.
        const { subscribed } = store.getState();
        if (options.follows?.() && subscribed && isState("Connected") && options.selected().some((r) => !subscribed.has(r.toLowerCase()))) void subscribe();
      })
      .catch((error: Error) => { if (!stopped) store.setDashboardError(error.message); })
      .finally(() => { refreshing = null; });
    return refreshing;
  };

  const schedulePoll = () => {
    clearTimeout(poll);
    if (stopped) return;
    const seconds = options.pollSeconds();
    // Check again in a while even when auto-refresh is off: the setting may change.
    poll = setTimeout(async () => {
      // Poll while the hub is away, or while it does not (yet) send events for every selected repository.
      if (!store.isFullyLive(options.selected()) && options.pollSeconds() !== null && document.visibilityState !== "hidden") await refresh();
      schedulePoll();
    }, (seconds ?? 15) * 1000);
  };

  // The SignalR client loads in its own chunk, alongside the first data: the dashboard does not wait for it.
  let connection: HubConnection | null = null;
  let build: (() => void) | null = null;
  /** The CSRF token the current connection sends (its headers are fixed when it is built). */
  let builtWithToken: string | null = null;
  const isState = (state: "Disconnected" | "Connected") => connection !== null && (connection.state as string) === state;
  const loading = import("@microsoft/signalr").then(({ HubConnectionBuilder, LogLevel }) => {
    if (stopped) return;
    build = () => {
      builtWithToken = getCsrfToken();
      const built = new HubConnectionBuilder()
        // Negotiation and the SSE / long-polling sends are POSTs: the gateway wants the CSRF header on them too.
        .withUrl("/ws", { headers: { "X-CSRF-Token": builtWithToken ?? "" } })
        .withAutomaticReconnect([0, 2000, 5000, 10000, 20000, 30000])
        .configureLogging(LogLevel.None)
        .build();
      connection = built;
      wire(built);
    };
    build();
    void start();
  }, () => { if (!stopped) store.setConnection("offline"); });

  function wire(built: HubConnection) {
    // A connection replaced by a rebuilt one is disconnected; whatever it still reports is ignored.
    const current = () => !stopped && built === connection;
    built.on("run", (message: RunMessage) => { if (current()) store.applyRun(message); });
    built.on("job", (message: JobMessage) => { if (current()) store.applyJob(message); });
    built.on("subscriptionsChanged", (message: { repositories: string[] }) => {
      if (!current()) return;
      store.setSubscribed(message.repositories);
      void refresh();
    });
    built.onreconnecting(() => { if (current()) store.setConnection("reconnecting"); });
    built.onreconnected(async () => {
      if (!current()) return;
      store.setConnection("live");
      await subscribe();
      await refresh(); // whatever happened while we were away
    });
    built.onclose(async () => {
      if (!current()) return;
      store.setConnection("offline");
      await recover(15000);
    });
  }

  /**
   * After the hub closed or a start failed. The hub closes connections whose session ended, so ask /auth/session first:
   * 401 ends the app's session; a new session (a sign-in since, in this browser) has a new CSRF token, which the
   * connection's negotiate POST must carry or be refused (403) on every try, so it is taken and the connection rebuilt.
   */
  async function recover(delay: number) {
    try {
      const session = await getSession();
      if (stopped) return;
      if (session && session.userId !== options.userId) {
        // Never show one user's data with another's session: hand over instead of reconnecting.
        setCsrfToken(session.csrfToken);
        options.onUserChanged(session);
        return;
      }
      if (session?.csrfToken && session.csrfToken !== getCsrfToken()) setCsrfToken(session.csrfToken);
      if (session?.csrfToken && session.csrfToken !== builtWithToken && isState("Disconnected")) build?.();
    } catch (error) {
      if (stopped) return;
      if ((error as { status?: number }).status === 401) {
        options.onSessionEnded();
        return;
      }
    }
    scheduleStart(delay);
  }

  /**
   * SubscribeSelected (the contract's default), then Subscribe for any selected repository it did not cover: the hub
   * may answer from an access list fetched before the selection was saved. Refused ones are asked again a few times,
   * as the hub's list catches up.
   */
  async function subscribe(selected: string[] = options.selected(), attempt = 0) {
    clearTimeout(resubscribeTimer);
    if (!connection || !isState("Connected")) return;
    try {
      const result = await connection.invoke<SubscribeResult>("SubscribeSelected");
      const subscribed = new Set(result.subscribed.map((r) => r.toLowerCase()));
      const missing = selected.filter((r) => !subscribed.has(r.toLowerCase()));
      if (missing.length > 0) {
        const extra = await connection.invoke<SubscribeResult>("Subscribe", missing);
        for (const r of extra.subscribed) subscribed.add(r.toLowerCase());
        if (extra.refused.length > 0 && attempt < 6 && !stopped) {
          resubscribeTimer = setTimeout(() => void subscribe(selected, attempt + 1), 10000);
        }
        // Events sent before this subscription took effect were missed: catch up.
        if (extra.subscribed.length > 0 && attempt > 0) void refresh();
      }
      store.setSubscribed([...subscribed]);
    } catch {
      // The connection dropped in between: onreconnected subscribes again.
    }
  }

  function scheduleStart(delay: number) {
    clearTimeout(retry);
    if (!stopped) retry = setTimeout(() => void start(), delay);
  }

  async function start() {
    if (stopped || !connection || !isState("Disconnected")) return;
    try {
      await connection.start();
      if (stopped) return;
      store.setConnection("live");
      await subscribe();
    } catch {
      if (stopped) return;
      store.setConnection("offline");
      await recover(30000);
    }
  }

  const onVisible = () => { if (document.visibilityState === "visible" && store.getState().connection !== "live") void refresh(); };
  document.addEventListener("visibilitychange", onVisible);

  store.setConnection("connecting");
  void refresh();
  schedulePoll();

  return {
    refresh,
    ensureSubscribed: () => subscribe(),
    resubscribe: async (selected?: string[]) => {
      await subscribe(selected);
      await refresh();
    },
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(poll);
      clearTimeout(resubscribeTimer);
      document.removeEventListener("visibilitychange", onVisible);
      await loading;
      await connection?.stop();
    },
  };
}
