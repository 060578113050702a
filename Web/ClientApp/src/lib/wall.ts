import type { DashboardRepository, Run } from "../api/types";
import { isActive, isFailing } from "./runs";

/** A run shown as a tile on the wall: the latest run of one (workflow, branch) of a repository. */
export type WallTile = { repository: DashboardRepository; run: Run };

/** One category on the wall: its failing tiles, then its running ones, then its healthy repositories as names. */
export type WallGroup = {
  title: string;
  failing: WallTile[];
  running: WallTile[];
  /** Repositories with nothing failing and nothing running (their latest runs passed, were cancelled, or none yet). */
  healthy: DashboardRepository[];
};

export const UNCATEGORISED = "Uncategorised";

const time = (value: string | null | undefined) => (value ? Date.parse(value) || 0 : 0);

/** The latest run of a (workflow, branch) failed: a red tile. */
export const isFailingRun = (run: Run) => run.status === "completed" && isFailing(run.conclusion);

/** The category a repository is shown under (its own, trimmed, or "Uncategorised"). */
export const categoryOf = (repository: Pick<DashboardRepository, "category">) => repository.category?.trim() || UNCATEGORISED;

/**
 * The wall's layout. Each repository falls in its category's group; within a group, failing tiles come first, the newest
 * failure first (when it failed: `updatedAt`), then running or queued tiles, the newest first, then every repository with
 * neither, collapsed into a list of names. Groups with a failure come first, the one with the newest failure at the top
 * (so the first tile on the wall is always the latest failure), then groups with something running, then the rest; ties
 * keep the server's order. `category` (case-insensitive) keeps only that group.
 */
export function wallGroups(repositories: DashboardRepository[], category: string | null = null): WallGroup[] {
  const groups: WallGroup[] = [];
  const wanted = category?.trim().toLowerCase() || null;
  for (const repository of repositories) {
    const title = categoryOf(repository);
    if (wanted && title.toLowerCase() !== wanted) continue;
    let group = groups.find((g) => g.title === title);
    if (!group) groups.push(group = { title, failing: [], running: [], healthy: [] });
    const failing = repository.runs.filter(isFailingRun);
    const running = repository.runs.filter((run) => isActive(run.status));
    for (const run of failing) group.failing.push({ repository, run });
    for (const run of running) group.running.push({ repository, run });
    if (failing.length === 0 && running.length === 0) group.healthy.push(repository);
  }
  for (const group of groups) {
    group.failing.sort((a, b) => time(b.run.updatedAt) - time(a.run.updatedAt) || b.run.id - a.run.id);
    group.running.sort((a, b) => time(b.run.createdAt) - time(a.run.createdAt) || b.run.id - a.run.id);
  }
  const tier = (g: WallGroup) => (g.failing.length > 0 ? 0 : g.running.length > 0 ? 1 : 2);
  const newestFailure = (g: WallGroup) => (g.failing.length > 0 ? time(g.failing[0].run.updatedAt) : 0);
  // Array.prototype.sort is stable: equal groups keep the server's order.
  return groups.sort((a, b) => tier(a) - tier(b) || newestFailure(b) - newestFailure(a));
}

/** Totals for the wall's header line. */
export function wallCounts(groups: WallGroup[]) {
  let failing = 0, running = 0, healthy = 0;
  for (const g of groups) {
    failing += g.failing.length;
    running += g.running.length;
    healthy += g.healthy.length;
  }
  return { failing, running, healthy };
}

/** The distinct categories of the repositories, in the server's order (for the wall's "?category=" links). */
export function categories(repositories: DashboardRepository[]): string[] {
  return [...new Set(repositories.map(categoryOf))];
}
