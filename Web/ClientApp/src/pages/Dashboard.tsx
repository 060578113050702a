import { useId, useMemo } from "react";
import { repoPath } from "../api/http";
import type { DashboardRepository, FailureStreak, Run } from "../api/types";
import { Avatar } from "../components/AvatarMenu";
import { Elapsed } from "../components/Elapsed";
import { Empty, ErrorState, Loading, StaleNote } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { useApp, useLive } from "../context";
import { formatRelative } from "../lib/duration";
import { filterOptions, filtersToSearch, hasFilters, matchesFilters, parseFilters, STATUS_FILTERS, emptyFilters, type Filters } from "../lib/filters";
import { commitsPath, shortSha, workflowPath } from "../lib/insights";
import { isActive, isQueued } from "../lib/runs";
import { Link, navigate, useLocation } from "../lib/router";
import { safeUrl } from "../lib/safeUrl";
import { useFailingSince } from "../lib/useFailingSince";
import { useNow } from "../lib/useNow";
import { PageTitle } from "./PageTitle";

type Group = { title: string; repositories: DashboardRepository[] };

/** Pinned first, then by category in the order the server sorted them. */
export function groupRepositories(repositories: DashboardRepository[]): Group[] {
  const groups: Group[] = [];
  const pinned = repositories.filter((r) => r.pinned);
  if (pinned.length) groups.push({ title: "Pinned", repositories: pinned });
  for (const repo of repositories.filter((r) => !r.pinned)) {
    const title = repo.category?.trim() || "Uncategorised";
    let group = groups.find((g) => g.title === title && g.title !== "Pinned");
    if (!group) groups.push(group = { title, repositories: [] });
    group.repositories.push(repo);
  }
  return groups;
}

export function DashboardPage() {
  const { live } = useApp();
  const dashboard = useLive((s) => s.dashboard);
  const error = useLive((s) => s.dashboardError);
  const updatedAt = useLive((s) => s.updatedAt);
  const { pathname, search } = useLocation();
  const filters = useMemo(() => parseFilters(search), [search]);
  const streaks = useFailingSince(dashboard?.repositories);
  const setFilters = (next: Filters) => {
    const query = filtersToSearch(next);
    navigate(query ? `${pathname}?${query}` : pathname, { replace: true });
  };

  if (!dashboard) {
    return (
      <>
        <PageTitle title="Dashboard" />
        {error ? <ErrorState title="The dashboard could not be loaded" message={error} onRetry={() => void live?.refresh()} /> : <Loading label="Loading your runs…" />}
      </>
    );
  }

  const total = dashboard.repositories.reduce((n, r) => n + r.runs.length, 0);
  const visible = dashboard.repositories
    .map((repo) => ({ ...repo, runs: repo.runs.filter((run) => matchesFilters(run, repo, filters)) }))
    .filter((repo) => !hasFilters(filters) || repo.runs.length > 0);
  const shown = visible.reduce((n, r) => n + r.runs.length, 0);
  const stale = dashboard.repositories.find((r) => r.stale);

  return (
    <>
      <PageTitle title="Dashboard" />
      <FilterBar filters={filters} onChange={setFilters} repositories={dashboard.repositories} />
      <p className="summary" aria-live="polite">
        {hasFilters(filters) ? `${shown} of ${total} runs match` : `${total} ${total === 1 ? "run" : "runs"} in ${dashboard.repositories.length} ${dashboard.repositories.length === 1 ? "repository" : "repositories"}`}
        {updatedAt && <span className="muted"> · updated {new Date(updatedAt).toLocaleTimeString()}</span>}
      </p>
      {error && <p className="error-text" role="alert">Refreshing failed: {error}</p>}
      {stale && <StaleNote stale fetchedAt={stale.fetchedAt} />}
      {dashboard.repositories.length === 0 && (
        <Empty title="No repositories selected">
          <p><Link to="/repositories">Pick repositories</Link> to see their workflow runs here.</p>
        </Empty>
      )}
      {dashboard.repositories.length > 0 && visible.length === 0 && (
        <Empty title="No runs match these filters">
          <button type="button" className="button" onClick={() => setFilters(emptyFilters)}>Clear filters</button>
        </Empty>
      )}
      {groupRepositories(visible).map((group) => (
        <section key={group.title} className="group" aria-labelledby={`group-${group.title}`}>
          <h2 id={`group-${group.title}`} className="group-title">{group.title === "Pinned" && <span aria-hidden="true">★ </span>}{group.title}</h2>
          {group.repositories.map((repo) => <RepositoryCard key={repo.fullName} repo={repo} streaks={streaks} />)}
        </section>
      ))}
    </>
  );
}

function FilterBar({ filters, onChange, repositories }: { filters: Filters; onChange: (f: Filters) => void; repositories: DashboardRepository[] }) {
  const options = useMemo(() => filterOptions(repositories), [repositories]);
  const id = useId();
  const branchValue = filters.defaultBranchOnly ? ":default" : filters.branch ?? "";
  const select = (name: string, label: string, value: string, values: [string, string][], change: (v: string) => void) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <select id={`${id}-${name}`} value={value} onChange={(e) => change(e.target.value)}>
        <option value="">Any</option>
        {values.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
      </select>
    </div>
  );
  const pairs = (values: string[]) => values.map((v): [string, string] => [v, v]);
  const branches = pairs(filters.branch && !options.branches.includes(filters.branch) ? [filters.branch, ...options.branches] : options.branches);
  return (
    <form className="filters" role="search" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
      {select("status", "Status", filters.status ?? "", Object.entries(STATUS_FILTERS), (v) => onChange({ ...filters, status: (v || null) as Filters["status"] }))}
      {select("branch", "Branch", branchValue, [[":default", "Default branch only"], ...branches], (v) =>
        onChange({ ...filters, defaultBranchOnly: v === ":default", branch: v && v !== ":default" ? v : null }))}
      {select("workflow", "Workflow", filters.workflow ?? "", pairs(withCurrent(options.workflows, filters.workflow)), (v) => onChange({ ...filters, workflow: v || null }))}
      {select("event", "Event", filters.event ?? "", pairs(withCurrent(options.events, filters.event)), (v) => onChange({ ...filters, event: v || null }))}
      {select("actor", "Actor", filters.actor ?? "", pairs(withCurrent(options.actors, filters.actor)), (v) => onChange({ ...filters, actor: v || null }))}
      <div className="field field-grow">
        <label htmlFor={`${id}-q`}>Search</label>
        <input id={`${id}-q`} type="search" value={filters.q} placeholder="Commit, branch, workflow…" onChange={(e) => onChange({ ...filters, q: e.target.value })} />
      </div>
      {hasFilters(filters) && <button type="button" className="button button-link" onClick={() => onChange(emptyFilters)}>Clear filters</button>}
    </form>
  );
}

const withCurrent = (values: string[], current: string | null) => (current && !values.includes(current) ? [current, ...values] : values);

function RepositoryCard({ repo, streaks }: { repo: DashboardRepository; streaks: Map<number, FailureStreak> }) {
  const href = safeUrl(repo.htmlUrl);
  return (
    <article className="repo" aria-labelledby={`repo-${repo.fullName}`} data-repository={repo.fullName}>
      <header className="repo-header">
        <h3 id={`repo-${repo.fullName}`} className="repo-name">
          {href
            ? <a href={href} target="_blank" rel="noreferrer">{repo.fullName}<span className="visually-hidden"> (opens GitHub)</span></a>
            : repo.fullName}
        </h3>
        {repo.private && <span className="chip">Private</span>}
        {repo.pinned && repo.category && <span className="chip" title="Category">{repo.category}</span>}
        <span className="chip chip-muted" title="Default branch"><span aria-hidden="true">⎇ </span>{repo.defaultBranch}</span>
        <Link to={commitsPath(repo.fullName)} className="small repo-commits-link" aria-label={`Commits of ${repo.fullName}`}>commits</Link>
        {repo.stale && <span className="chip chip-warning" title={`Last good data from ${repo.fetchedAt}`}>Stale</span>}
      </header>
      {repo.runs.length === 0
        ? <p className="muted repo-empty">No workflow runs yet.</p>
        : <ul className="runs">{repo.runs.map((run) => <RunRow key={run.id} run={run} streak={streaks.get(run.id)} />)}</ul>}
      {(repo.hiddenRuns ?? 0) > 0 && (
        <p className="muted repo-more">
          {repo.hiddenRuns} older branch {repo.hiddenRuns === 1 ? "run" : "runs"} not shown.
          {href && <> <a href={`${href}/actions`} target="_blank" rel="noreferrer">All runs on GitHub</a></>}
        </p>
      )}
    </article>
  );
}

function RunRow({ run, streak }: { run: Run; streak: FailureStreak | undefined }) {
  const highlighted = useLive((s) => s.highlighted.has(run.id));
  const running = isActive(run.status);
  const now = useNow(false);
  return (
    <li className={`run${highlighted ? " run-changed" : ""}`} data-run-id={run.id} data-testid="run-row">
      <StatusBadge status={run.status} conclusion={run.conclusion} />
      <div className="run-main">
        <Link to={`/runs/${repoPath(run.repository)}/${run.id}`} className="run-title">
          {run.workflowName} <span className="muted">#{run.runNumber}{run.runAttempt > 1 ? ` (attempt ${run.runAttempt})` : ""}</span>
        </Link>
        {" "}<Link to={workflowPath(run.repository, run.workflowId, { branch: run.branch })} className="run-workflow-link small"
          aria-label={`Insights of ${run.workflowName}${run.branch ? ` on ${run.branch}` : ""}`}>insights</Link>
        <p className="run-message" title={run.commitMessage ?? run.displayTitle ?? ""}>{firstLine(run.commitMessage ?? run.displayTitle) || <span className="muted">No commit message</span>}</p>
        {streak && streak.failedRuns > 1 && (
          <p className="failing-since-note small">
            Failing since <Link to={`/runs/${repoPath(run.repository)}/${streak.runId}`}><code>{shortSha(streak.headSha)}</code></Link> ({streak.failedRuns} runs)
          </p>
        )}
      </div>
      <dl className="run-meta">
        <div><dt>Branch</dt><dd><span className="chip chip-branch">{run.branch ?? "—"}</span></dd></div>
        <div><dt>Event</dt><dd>{run.event}</dd></div>
        <div><dt>Actor</dt><dd className="actor">{run.actor ? <><Avatar url={run.actor.avatarUrl} login={run.actor.login} size={20} />{run.actor.login}</> : "—"}</dd></div>
        <div><dt>Started</dt><dd><time dateTime={run.startedAt ?? run.createdAt} title={new Date(run.startedAt ?? run.createdAt).toLocaleString()}>{formatRelative(run.startedAt ?? run.createdAt, now)}</time></dd></div>
        <div><dt>Duration</dt><dd>{isQueued(run.status) ? <span className="muted">not started</span> : <Elapsed from={run.startedAt ?? run.createdAt} to={running ? null : run.updatedAt} running={running} label="Duration" />}</dd></div>
        <div><dt>Queued</dt><dd><Elapsed from={run.createdAt} to={isQueued(run.status) ? null : run.startedAt} running={isQueued(run.status)} label="Queue time" /></dd></div>
      </dl>
    </li>
  );
}

const firstLine = (text: string | null) => text?.split("\n")[0] ?? "";
