import { useApp, useLive } from "../context";

/** Live / reconnecting / offline (polling), always visible in the header, announced when it changes. */
export function ConnectionBadge() {
  const connection = useLive((s) => s.connection);
  const subscribed = useLive((s) => s.subscribed);
  const { settings } = useApp();
  const selected = settings.repositories.map((r) => r.fullName.toLowerCase());
  const covered = subscribed ? selected.filter((r) => subscribed.has(r)).length : 0;
  const partial = connection === "live" && covered < selected.length;
  const polling = settings.autoRefresh.enabled ? `refreshing every ${settings.autoRefresh.intervalSeconds} s` : "auto-refresh is off";
  const text = {
    connecting: { label: "Connecting…", detail: "Connecting to live updates" },
    live: partial
      ? { label: "Live", detail: `Live updates for ${covered} of ${selected.length} repositories; the others: ${polling}` }
      : { label: "Live", detail: "Live updates are on" },
    reconnecting: { label: "Reconnecting…", detail: `Live updates interrupted; ${polling}` },
    offline: { label: "Offline", detail: `Live updates unavailable; ${polling}` },
  }[connection];
  return (
    <span className={`connection connection-${connection}`} role="status" aria-live="polite" title={text.detail} data-testid="connection-state" data-state={connection} data-subscribed={partial ? "partial" : "all"}>
      <span className="connection-dot" aria-hidden="true" />
      <span>{text.label}</span>
      {(partial || (connection !== "live" && connection !== "connecting")) && <span className="connection-detail">{settings.autoRefresh.enabled ? " · polling" : ""}</span>}
    </span>
  );
}
