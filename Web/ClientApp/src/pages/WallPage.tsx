import { useEffect, useMemo } from "react";
import { useApp, useLive } from "../context";
import { formatDuration, formatRelative } from "../lib/duration";
import { useLocation } from "../lib/router";
import { isQueued, statusInfo } from "../lib/runs";
import { wallCounts, wallGroups, type WallGroup, type WallTile } from "../lib/wall";
import { useNow } from "../lib/useNow";

/**
 * The wall (`/wall`): the dashboard for a team's TV. Full screen, no navigation, dark, large type; failing runs first as
 * big red tiles, then running ones, then every healthy repository as a compact green list, grouped by category
 * (`?category=` keeps one). Live through the app's connection, which reconnects by itself; a banner says when the data
 * may be stale. Nothing needs a click or a hover: everything shown is on the tile.
 */
export function WallPage() {
  const { live, settings, store } = useApp();
  const dashboard = useLive((s) => s.dashboard);
  const error = useLive((s) => s.dashboardError);
  const connection = useLive((s) => s.connection);
  const updatedAt = useLive((s) => s.updatedAt);
  const { search } = useLocation();
  const category = useMemo(() => new URLSearchParams(search).get("category"), [search]);
  const now = useNow(true);
  const groups = useMemo(() => wallGroups(dashboard?.repositories ?? [], category), [dashboard, category]);
  const counts = wallCounts(groups);

  useEffect(() => {
    document.title = `${counts.failing > 0 ? `${counts.failing} failing · ` : ""}Wall · ActionsDashboard`;
  }, [counts.failing]);

  // Away from the hub, the wall still catches up by itself: a reload once a minute, whatever the auto-refresh setting.
  useEffect(() => {
    if (connection === "live" || !live) return;
    const timer = setInterval(() => void live.refresh(), 60_000);
    return () => clearInterval(timer);
  }, [connection, live]);

  const stale = connection === "reconnecting" || connection === "offline";
  useLive((s) => s.subscribed); // re-render when the hub's coverage changes
  const fullyLive = store.isFullyLive(settings.repositories.map((r) => r.fullName));
  return (
    <div className="wall" data-testid="wall" data-connection={connection} data-subscribed={fullyLive ? "all" : "partial"} data-loaded={dashboard ? "true" : "false"}>
      <header className="wall-header">
        <h1 className="wall-title">{category ? `${category} · ` : ""}CI wall</h1>
        <p className="wall-counts" aria-live="polite">
          <span className="wall-count wall-count-failure" data-testid="wall-failing">{counts.failing} failing</span>
          <span className="wall-count wall-count-running">{counts.running} running</span>
          <span className="wall-count wall-count-success">{counts.healthy} healthy</span>
        </p>
        <p className="wall-clock">
          <time dateTime={new Date(now).toISOString()} data-testid="wall-clock">{new Date(now).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}</time>
          <span className="wall-updated"> · {connection === "live" ? "live" : connection}{updatedAt ? `, updated ${new Date(updatedAt).toLocaleTimeString()}` : ""}</span>
        </p>
      </header>
      {(stale || error) && (
        <p className="wall-stale" role="alert" data-testid="wall-stale">
          {stale ? "Live updates lost: reconnecting by itself. " : ""}
          {error ? `Refreshing failed (${error}). ` : ""}
          {updatedAt ? `Showing data from ${new Date(updatedAt).toLocaleTimeString()} (${formatRelative(new Date(updatedAt).toISOString(), now)}).` : "No data yet."}
        </p>
      )}
      {!dashboard && !error && <p className="wall-empty" role="status">Loading…</p>}
      {dashboard && groups.length === 0 && (
        <p className="wall-empty">{category ? `No repositories in the category “${category}”.` : "No repositories selected: pick some on the dashboard."}</p>
      )}
      {groups.map((group) => <Group key={group.title} group={group} now={now} />)}
    </div>
  );
}

function Group({ group, now }: { group: WallGroup; now: number }) {
  const id = `wall-group-${group.title.replace(/\W+/g, "-")}`;
  return (
    <section className="wall-group" aria-labelledby={id} data-category={group.title}>
      <h2 id={id} className="wall-group-title">{group.title}</h2>
      {group.failing.length + group.running.length > 0 && (
        <ul className="wall-tiles">
          {group.failing.map((tile) => <Tile key={tile.run.id} tile={tile} now={now} />)}
          {group.running.map((tile) => <Tile key={tile.run.id} tile={tile} now={now} />)}
        </ul>
      )}
      {group.healthy.length > 0 && (
        <ul className="wall-healthy" aria-label={`Healthy in ${group.title}`}>
          {group.healthy.map((repo) => (
            <li key={repo.fullName} className="wall-healthy-item" data-repository={repo.fullName}>
              <span aria-hidden="true">✓ </span>{repo.fullName}{repo.runs.length === 0 ? <span className="wall-dim"> (no runs)</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Tile({ tile: { repository, run }, now }: { tile: WallTile; now: number }) {
  const info = statusInfo(run.status, run.conclusion);
  const failed = info.tone === "failure";
  const when = failed
    ? `${formatRelative(run.updatedAt, now)}`
    : isQueued(run.status)
      ? `queued for ${formatDuration(now - Date.parse(run.createdAt))}`
      : `running for ${formatDuration(now - Date.parse(run.startedAt ?? run.createdAt))}`;
  return (
    <li className={`wall-tile wall-tile-${failed ? "failure" : "running"}`} data-testid="wall-tile" data-run-id={run.id}
      data-tone={failed ? "failure" : "running"} data-repository={repository.fullName}>
      <p className="wall-tile-status"><span aria-hidden="true">{info.icon} </span>{info.label}<span className="wall-tile-when"> · {when}</span></p>
      <p className="wall-tile-repo">{repository.fullName}</p>
      <p className="wall-tile-workflow">{run.workflowName} <span className="wall-dim">#{run.runNumber}</span></p>
      <p className="wall-tile-meta">
        <span className="wall-tile-branch"><span aria-hidden="true">⎇ </span>{run.branch ?? "—"}</span>
        <span className="wall-tile-actor"> · {run.actor?.login ?? "unknown"}</span>
      </p>
    </li>
  );
}
