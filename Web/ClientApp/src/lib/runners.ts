import type { DailyWait } from "../api/types";

export const RUNNER_DAY_CHOICES = [1, 7, 14, 30] as const;
export const DEFAULT_RUNNER_DAYS = 7;

/** `?days=` of the runners page: one of the choices, else the default. */
export function parseRunnerDays(search: string): number {
  const days = Number(new URLSearchParams(search).get("days"));
  return (RUNNER_DAY_CHOICES as readonly number[]).includes(days) ? days : DEFAULT_RUNNER_DAYS;
}

/** Every day of the window from `since` (UTC dates, oldest first), and a label's daily p95 on each (null: no job that day). */
export function dailySeries(since: string, days: number, daily: DailyWait[]): { dates: string[]; p50: (number | null)[]; p95: (number | null)[] } {
  const start = Date.parse(since);
  const byDate = new Map(daily.map((d) => [d.date, d]));
  const dates = Array.from({ length: days }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
  return { dates, p50: dates.map((d) => byDate.get(d)?.p50Seconds ?? null), p95: dates.map((d) => byDate.get(d)?.p95Seconds ?? null) };
}
