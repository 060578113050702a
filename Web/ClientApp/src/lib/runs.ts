import type { Job, Run, RunStatus } from "../api/types";
import { between } from "./duration";

/** The contract's ordering rule: requested/queued/pending/waiting < in_progress < completed. */
export function statusRank(status: string): number {
  switch (status) {
    case "in_progress": return 1;
    case "completed": return 2;
    default: return 0;
  }
}

/**
 * Merges a run that arrived (a live event, a poll) into the one we hold. GitHub does not order webhook
 * deliveries, so a run never moves backwards: the later `updatedAt` wins, and for equal times the higher
 * status rank. A new attempt (a re-run) carries a later `updatedAt` and so replaces the completed one.
 */
export function mergeRun(current: Run | undefined, incoming: Run): Run {
  if (!current) return incoming;
  const a = Date.parse(current.updatedAt);
  const b = Date.parse(incoming.updatedAt);
  if (b > a) return incoming;
  if (b < a) return current;
  return statusRank(incoming.status) > statusRank(current.status) ? incoming : current;
}

/** Jobs have no `updatedAt`: a newer attempt wins, then the higher status rank, then the later completion. */
export function mergeJob(current: Job | undefined, incoming: Job): Job {
  if (!current) return incoming;
  if (incoming.runAttempt !== current.runAttempt) return incoming.runAttempt > current.runAttempt ? incoming : current;
  const ra = statusRank(current.status), rb = statusRank(incoming.status);
  if (rb !== ra) return rb > ra ? incoming : current;
  if (rb === 2 && current.completedAt && incoming.completedAt) return Date.parse(incoming.completedAt) >= Date.parse(current.completedAt) ? incoming : current;
  return incoming.steps.length >= current.steps.length ? incoming : current;
}

export type Tone = "success" | "failure" | "running" | "queued" | "neutral" | "cancelled";
export type StatusInfo = { label: string; tone: Tone; icon: string };

const failing = new Set(["failure", "timed_out", "startup_failure"]);
export const isFailing = (conclusion: string | null) => conclusion !== null && failing.has(conclusion);
export const isActive = (status: string) => status !== "completed";
export const isQueued = (status: string) => statusRank(status) === 0;

/** Status and conclusion as a word, an icon and a colour tone (never colour alone). */
export function statusInfo(status: string, conclusion: string | null): StatusInfo {
  if (status === "completed") {
    switch (conclusion) {
      case "success": return { label: "Success", tone: "success", icon: "✓" };
      case "failure": return { label: "Failed", tone: "failure", icon: "✕" };
      case "timed_out": return { label: "Timed out", tone: "failure", icon: "⏱" };
      case "startup_failure": return { label: "Startup failure", tone: "failure", icon: "✕" };
      case "cancelled": return { label: "Cancelled", tone: "cancelled", icon: "⊘" };
      case "skipped": return { label: "Skipped", tone: "neutral", icon: "⤼" };
      case "action_required": return { label: "Action required", tone: "queued", icon: "!" };
      case "neutral": return { label: "Neutral", tone: "neutral", icon: "–" };
      case "stale": return { label: "Stale", tone: "neutral", icon: "…" };
      default: return { label: "Completed", tone: "neutral", icon: "●" };
    }
  }
  switch (status) {
    case "in_progress": return { label: "In progress", tone: "running", icon: "◔" };
    case "waiting": return { label: "Waiting", tone: "queued", icon: "◷" };
    case "pending": return { label: "Pending", tone: "queued", icon: "◷" };
    case "requested": return { label: "Requested", tone: "queued", icon: "◷" };
    default: return { label: "Queued", tone: "queued", icon: "◷" };
  }
}

/** How long the run has run (ticking while it runs) and how long it waited before starting. */
export function runTimes(run: Pick<Run, "status" | "createdAt" | "startedAt" | "updatedAt">, now: number) {
  const queued = isQueued(run.status);
  const duration = queued ? null : between(run.startedAt ?? run.createdAt, run.status === "completed" ? run.updatedAt : now);
  const queue = queued ? between(run.createdAt, now) : run.startedAt ? between(run.createdAt, run.startedAt) : null;
  return { duration, queue };
}

/** Key of the dashboard's "latest run per workflow and branch". */
export const runSlot = (run: Pick<Run, "workflowId" | "branch">) => `${run.workflowId}\u0000${run.branch ?? ""}`;

export const RUN_STATUSES: RunStatus[] = ["requested", "queued", "pending", "waiting", "in_progress", "completed"];
