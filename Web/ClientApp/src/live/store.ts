import type { Dashboard, DashboardRepository, Job, JobMessage, Run, RunMessage } from "../api/types";
import { isFailing, mergeJob, mergeRun, runSlot } from "../lib/runs";

export type ConnectionState = "connecting" | "live" | "reconnecting" | "offline";

export type LiveState = {
  /** The dashboard as last loaded, with every live change merged in; null until the first load. */
  dashboard: Dashboard | null;
  dashboardError: string | null;
  connection: ConnectionState;
  /** The repositories the hub confirmed it sends events for (lower-case full names); null before it answered. */
  subscribed: ReadonlySet<string> | null;
  /**
   * Runs by id (dashboard, run pages, live events): what a run page shows. Bounded: beyond `maxRuns`, the least recently
   * seen runs that are neither on the dashboard nor open on a run page are forgotten.
   */
  runs: ReadonlyMap<number, Run>;
  /** Jobs by run id, then job id; for the `maxJobRuns` runs whose jobs were seeded or updated last, and open run pages. */
  jobs: ReadonlyMap<number, ReadonlyMap<number, Job>>;
  /** Runs changed in the last few seconds, highlighted on screen. */
  highlighted: ReadonlySet<number>;
  /** When the data last changed (load, poll or event), ms since epoch. */
  updatedAt: number | null;
};

export type FailureNotifier = (run: Run, repository: DashboardRepository) => void;

export type LiveStoreOptions = {
  highlightMs?: number;
  now?: () => number;
  /** How many runs to hold beyond those on the dashboard or open on a run page (default 500). */
  maxRuns?: number;
  /** For how many runs to hold jobs, besides those open on a run page (default 50). */
  maxJobRuns?: number;
};

const key = (fullName: string) => fullName.toLowerCase();

/** Newest first: run ids grow with time on GitHub, so a higher id is a newer run. */
const newestFirst = (a: Run, b: Run) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id;

/**
 * The browser's live view of the dashboard. Loads and polls replace the data but never move a run backwards; live
 * `run` and `job` messages are merged by the contract's ordering rule (later `updatedAt`, then status rank), so
 * out-of-order deliveries cannot undo a newer state. Subscribe with useSyncExternalStore.
 */
export class LiveStore {
  private state: LiveState = {
    dashboard: null, dashboardError: null, connection: "connecting", subscribed: null,
    runs: new Map(), jobs: new Map(), highlighted: new Set(), updatedAt: null,
  };
  private readonly listeners = new Set<() => void>();
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly highlightMs: number;
  private readonly now: () => number;
  private readonly maxRuns: number;
  private readonly maxJobRuns: number;
  /** Runs open on a run page (id → how many pages): never forgotten while open. */
  private readonly viewed = new Map<number, number>();
  private notifier: FailureNotifier | null = null;

  constructor(options: LiveStoreOptions = {}) {
    this.highlightMs = options.highlightMs ?? 4000;
    this.now = options.now ?? Date.now;
    this.maxRuns = options.maxRuns ?? 500;
    this.maxJobRuns = options.maxJobRuns ?? 50;
  }

  /** A run page is showing this run: its run and jobs are kept until the returned function is called. */
  viewRun(runId: number): () => void {
    this.viewed.set(runId, (this.viewed.get(runId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const count = (this.viewed.get(runId) ?? 1) - 1;
      if (count > 0) this.viewed.set(runId, count);
      else this.viewed.delete(runId);
    };
  }

  getState = (): LiveState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Told when a pinned repository's run turns into a failure (not for what was already failed on load). */
  setFailureNotifier(notifier: FailureNotifier | null) { this.notifier = notifier; }

  setConnection(connection: ConnectionState) {
    if (connection !== this.state.connection) this.set({ connection });
  }

  setSubscribed(repositories: string[] | null) {
    this.set({ subscribed: repositories ? new Set(repositories.map(key)) : null });
  }

  /** Whether every one of `selected` gets live events (a hub answer covering them all, and a live connection). */
  isFullyLive(selected: string[]): boolean {
    const { connection, subscribed } = this.state;
    return connection === "live" && subscribed !== null && selected.every((r) => subscribed.has(key(r)));
  }

  setDashboardError(message: string | null) { this.set({ dashboardError: message }); }

  /** A dashboard from GET /api/dashboard (first load or a poll). */
  loadDashboard(incoming: Dashboard) {
    // Only what changed in a repository already on screen flashes: not the first load, nor a newly selected repository.
    const shown = new Set(this.state.dashboard?.repositories.map((r) => key(r.fullName)) ?? []);
    const runs = new Map(this.state.runs);
    const changed: Run[] = [];
    const repositories = incoming.repositories.map((repo) => {
      const wasShown = shown.has(key(repo.fullName));
      const merged = repo.runs.map((run) => {
        const known = runs.get(run.id);
        const result = mergeRun(known, run);
        if (wasShown && result !== known && (!known || changedVisibly(known, result))) changed.push(result);
        touch(runs, result.id, result);
        return result;
      });
      return { ...repo, runs: latestPerSlot(merged) };
    });
    const dashboard = { ...incoming, repositories };
    this.set({ dashboard, runs: this.pruneRuns(runs, dashboard), dashboardError: null, updatedAt: this.now() });
    for (const run of changed) this.afterChange(run);
  }

  /** Whatever a page fetched on its own (GET .../runs/{id}). */
  seedRun(run: Run) {
    const known = this.state.runs.get(run.id);
    const merged = mergeRun(known, run);
    if (merged === known) return;
    const dashboard = placeRun(this.state.dashboard, merged);
    this.set({ runs: this.pruneRuns(touch(new Map(this.state.runs), merged.id, merged), dashboard), dashboard });
  }

  /** A live `run` message. */
  applyRun(message: RunMessage) {
    const incoming = { ...message.run, repository: message.run.repository || message.repository };
    const known = this.state.runs.get(incoming.id);
    const merged = mergeRun(known, incoming);
    if (merged === known) return; // older than what we hold: a late delivery
    const dashboard = placeRun(this.state.dashboard, merged);
    this.set({ runs: this.pruneRuns(touch(new Map(this.state.runs), merged.id, merged), dashboard), dashboard, updatedAt: this.now() });
    if (!known || changedVisibly(known, merged)) this.afterChange(merged, known);
  }

  /** Jobs fetched by a run page (GET .../runs/{id}/jobs); live ones already held are kept when newer. */
  seedJobs(runId: number, jobs: Job[]) {
    const current = new Map(this.state.jobs.get(runId) ?? []);
    for (const job of jobs) current.set(job.id, mergeJob(current.get(job.id), job));
    this.set({ jobs: this.pruneJobs(touch(new Map(this.state.jobs), runId, current)) });
  }

  /** A live `job` message. */
  applyJob(message: JobMessage) {
    const job = message.job;
    const current = this.state.jobs.get(job.runId);
    const known = current?.get(job.id);
    const merged = mergeJob(known, job);
    if (merged === known) return;
    const next = new Map(current ?? []).set(job.id, merged);
    this.set({ jobs: this.pruneJobs(touch(new Map(this.state.jobs), job.runId, next)), updatedAt: this.now() });
  }

  /** The jobs of a run's latest attempt, in the order GitHub created them. */
  jobsOf(runId: number): Job[] {
    const all = [...(this.state.jobs.get(runId)?.values() ?? [])];
    const attempt = Math.max(0, ...all.map((j) => j.runAttempt));
    return all.filter((j) => j.runAttempt === attempt).sort((a, b) => (Date.parse(a.createdAt ?? "") || 0) - (Date.parse(b.createdAt ?? "") || 0) || a.id - b.id);
  }

  repository(fullName: string): DashboardRepository | undefined {
    return this.state.dashboard?.repositories.find((r) => key(r.fullName) === key(fullName));
  }

  /** Forget everything (sign-out). */
  reset() {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.set({ dashboard: null, dashboardError: null, runs: new Map(), jobs: new Map(), highlighted: new Set(), updatedAt: null, connection: "connecting", subscribed: null });
  }

  /**
   * Holds at most `maxRuns` runs besides those on the dashboard or open on a run page, forgetting the least recently
   * seen. A forgotten run that comes back is merged from scratch: it was on no
   * screen, so nothing shown moves backwards (an older run never takes a dashboard slot back).
   */
  private pruneRuns(runs: Map<number, Run>, dashboard: Dashboard | null): Map<number, Run> {
    if (runs.size <= this.maxRuns) return runs;
    const kept = new Set<number>(this.viewed.keys());
    for (const repo of dashboard?.repositories ?? []) for (const run of repo.runs) kept.add(run.id);
    let excess = runs.size - this.maxRuns;
    for (const id of kept) if (runs.has(id)) excess--;
    for (const id of runs.keys()) { // oldest first: `touch` moves what is seen to the end
      if (excess <= 0) break;
      if (kept.has(id)) continue;
      runs.delete(id);
      excess--;
    }
    return runs;
  }

  /** Keeps the jobs of the `maxJobRuns` runs seeded or updated last, besides those of every run open on a run page. */
  private pruneJobs(jobs: Map<number, ReadonlyMap<number, Job>>): Map<number, ReadonlyMap<number, Job>> {
    if (jobs.size <= this.maxJobRuns) return jobs;
    let excess = jobs.size - this.maxJobRuns;
    for (const runId of this.viewed.keys()) if (jobs.has(runId)) excess--;
    for (const runId of jobs.keys()) {
      if (excess <= 0) break;
      if (this.viewed.has(runId)) continue;
      jobs.delete(runId);
      excess--;
    }
    return jobs;
  }

  private afterChange(run: Run, before?: Run) {
    this.highlight(run.id);
    const repo = this.repository(run.repository);
    const newlyFailed = run.status === "completed" && isFailing(run.conclusion)
      && !(before && before.status === "completed" && before.runAttempt === run.runAttempt && isFailing(before.conclusion));
    if (newlyFailed && repo?.pinned && this.notifier) this.notifier(run, repo);
  }

  private highlight(runId: number) {
    const existing = this.timers.get(runId);
    if (existing) clearTimeout(existing);
    this.set({ highlighted: new Set(this.state.highlighted).add(runId) });
    this.timers.set(runId, setTimeout(() => {
      this.timers.delete(runId);
      const next = new Set(this.state.highlighted);
      next.delete(runId);
      this.set({ highlighted: next });
    }, this.highlightMs));
  }

  private set(patch: Partial<LiveState>) {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

/** Sets the entry as the most recently seen (a Map iterates in insertion order: least recently seen first). */
function touch<K, V>(map: Map<K, V>, k: K, value: V): Map<K, V> {
  map.delete(k);
  return map.set(k, value);
}

function changedVisibly(a: Run, b: Run) {
  return a.status !== b.status || a.conclusion !== b.conclusion || a.runAttempt !== b.runAttempt;
}

/** The latest run per (workflow, branch), newest first. */
export function latestPerSlot(runs: Run[]): Run[] {
  const slots = new Map<string, Run>();
  for (const run of runs) {
    const slot = runSlot(run);
    const held = slots.get(slot);
    if (!held || run.id > held.id) slots.set(slot, run);
  }
  return [...slots.values()].sort(newestFirst);
}

/** Puts a run into its repository's (workflow, branch) slot when it is that slot's latest. */
function placeRun(dashboard: Dashboard | null, run: Run): Dashboard | null {
  if (!dashboard) return dashboard;
  const index = dashboard.repositories.findIndex((r) => key(r.fullName) === key(run.repository));
  if (index < 0) return dashboard; // not one of the selected repositories
  const repo = dashboard.repositories[index];
  const slot = runSlot(run);
  const held = repo.runs.find((r) => runSlot(r) === slot);
  if (held && held.id > run.id) return dashboard; // an older run of that workflow and branch
  const runs = latestPerSlot([...repo.runs.filter((r) => r.id !== run.id), run]);
  const repositories = dashboard.repositories.slice();
  repositories[index] = { ...repo, runs };
  return { ...dashboard, repositories };
}
