import { repoPath } from "../api/http";
import type { DailyRuns, DashboardRepository } from "../api/types";
import { formatDuration } from "./duration";
import { isFailing } from "./runs";

/** The windows the insights pages offer (the read model keeps 30 days). */
export const DAY_CHOICES = [7, 14, 30] as const;
export const DEFAULT_DAYS = 14;

/** `?days=&branch=` of an insights page: days one of the choices (else the default), branch trimmed or null. */
export function parseInsightsSearch(search: string): { days: number; branch: string | null } {
  const params = new URLSearchParams(search);
  const days = Number(params.get("days"));
  const branch = params.get("branch")?.trim() || null;
  return { days: (DAY_CHOICES as readonly number[]).includes(days) ? days : DEFAULT_DAYS, branch };
}

/** The workflow page of a repository's workflow, keeping a window and branch when they are not the defaults. */
export function workflowPath(fullName: string, workflowId: number, filter: { days?: number; branch?: string | null } = {}) {
  const params = new URLSearchParams();
  if (filter.days && filter.days !== DEFAULT_DAYS) params.set("days", String(filter.days));
  if (filter.branch) params.set("branch", filter.branch);
  const text = params.toString();
  return `/repos/${repoPath(fullName)}/workflows/${workflowId}${text ? `?${text}` : ""}`;
}

/** The commit grid of a repository, on a branch other than the default when given. */
export function commitsPath(fullName: string, branch?: string | null) {
  return `/repos/${repoPath(fullName)}/commits${branch ? `?branch=${encodeURIComponent(branch)}` : ""}`;
}

/** The grid's cells of one commit, one per column (null where the workflow did not run on it). */
export function cellsOf<T extends { workflowId: number }>(runs: T[], columns: { id: number }[]): (T | null)[] {
  const byWorkflow = new Map(runs.map((run) => [run.workflowId, run]));
  return columns.map((column) => byWorkflow.get(column.id) ?? null);
}

/** A day's success rate as the server defines it: successes / (successes + failures); null on a day with neither. */
export function successRateOf(day: Pick<DailyRuns, "successes" | "failures">): number | null {
  const verdicts = day.successes + day.failures;
  return verdicts > 0 ? day.successes / verdicts : null;
}

/** "40%", "66.7%" (one decimal when the percentage is not whole), or "—". */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "—";
  const percent = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}

/** Seconds as the app writes durations ("3m 07s"), or "—" when unknown. */
export function formatSeconds(seconds: number | null | undefined): string {
  return seconds === null || seconds === undefined || !Number.isFinite(seconds) ? "—" : formatDuration(seconds * 1000);
}

export type ChartPoint = { x: number; y: number; value: number; index: number };

/**
 * Points of a line chart `width` × `height` (y grows downwards) for `values`, evenly spaced; nulls are gaps. The top of the
 * chart is `max` (default: the largest value, at least 1, so a flat line of zeros stays at the bottom).
 */
export function chartPoints(values: (number | null)[], width: number, height: number, max?: number): ChartPoint[] {
  const top = max ?? Math.max(1, ...values.filter((v): v is number => v !== null));
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points: ChartPoint[] = [];
  values.forEach((value, index) => {
    if (value === null) return;
    const x = values.length > 1 ? index * step : width / 2;
    const y = height - (Math.min(value, top) / top) * height;
    points.push({ x: round(x), y: round(y), value, index });
  });
  return points;
}

/** An SVG path through the points, lifting the pen over gaps (a missing index between two points). */
export function linePath(points: ChartPoint[]): string {
  return points.map((p, i) => `${i > 0 && points[i - 1].index === p.index - 1 ? "L" : "M"}${p.x} ${p.y}`).join(" ");
}

/** The dashboard's red rows worth a failure streak (finished, failed, on a branch): their run ids, ascending. */
export function failedRunIds(repositories: DashboardRepository[]): number[] {
  const ids = repositories.flatMap((repo) => repo.runs)
    .filter((run) => run.status === "completed" && isFailing(run.conclusion) && run.branch)
    .map((run) => run.id);
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** The first seven characters of a commit SHA, as GitHub shows it. */
export const shortSha = (sha: string) => sha.slice(0, 7);

const round = (n: number) => Math.round(n * 10) / 10;
