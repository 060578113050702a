import type { HubConnection } from "@microsoft/signalr";
import { api, getCsrfToken } from "../api/http";
import type { Dashboard, JobMessage, RunMessage, SubscribeResult } from "../api/types";
import type { LiveStore } from "./store";

export type LiveOptions = {
  /** Seconds between polls of /api/dashboard while the hub is not connected; null: auto-refresh is off. */
  pollSeconds: () => number | null;
  /** The hub closed and /auth/session says the session is over. */
  onSessionEnded: () => void;
  /** The selected repositories (full names), as the settings say now. */
  selected: () => string[];
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
  let resubscribeTimer: ReturnType<typeof setTimeout> | undefined;

  const refresh = () => {
    refreshing ??= api.get<Dashboard>("/api/dashboard")
      .then((dashboard) => { if (!stopped) store.loadDashboard(dashboard); })
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
  const isState = (state: "Disconnected" | "Connected") => connection !== null && (connection.state as string) === state;
  const loading = import("@microsoft/signalr").then(({ HubConnectionBuilder, LogLevel }) => {
    if (stopped) return;
    connection = new HubConnectionBuilder()
      // Negotiation and the SSE / long-polling sends are POSTs: the gateway wants the CSRF header on them too.
      .withUrl("/ws", { headers: { "X-CSRF-Token": getCsrfToken() ?? "" } })
      .withAutomaticReconnect([0, 2000, 5000, 10000, 20000, 30000])
      .configureLogging(LogLevel.None)
      .build();
    wire(connection);
    void start();
  }, () => { if (!stopped) store.setConnection("offline"); });

  function wire(connection: HubConnection) {
    connection.on("run", (message: RunMessage) => store.applyRun(message));
    connection.on("job", (message: JobMessage) => store.applyJob(message));
    connection.on("subscriptionsChanged", (message: { repositories: string[] }) => {
      store.setSubscribed(message.repositories);
      void refresh();
    });
    connection.onreconnecting(() => store.setConnection("reconnecting"));
    connection.onreconnected(async () => {
      store.setConnection("live");
      await subscribe();
      await refresh(); // whatever happened while we were away
    });
    connection.onclose(async () => {
      if (stopped) return;
      store.setConnection("offline");
      // The hub closes connections whose session ended: ask before trying again.
      try {
        await api.get("/auth/session");
      } catch (error) {
        if ((error as { status?: number }).status === 401) {
          options.onSessionEnded();
          return;
        }
      }
      scheduleStart(15000);
    });
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
      scheduleStart(30000);
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
