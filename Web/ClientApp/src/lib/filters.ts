import type { DashboardRepository, Run } from "../api/types";
import { isFailing, isQueued } from "./runs";

/** The dashboard's filters; they live in the URL's query string so a view can be shared. */
export type Filters = {
  status: StatusFilter | null;
  branch: string | null;
  defaultBranchOnly: boolean;
  workflow: string | null;
  event: string | null;
  actor: string | null;
  q: string;
};

export const STATUS_FILTERS = {
  queued: "Queued or waiting",
  in_progress: "In progress",
  completed: "Completed",
  success: "Succeeded",
  failure: "Failed",
  cancelled: "Cancelled",
} as const;
export type StatusFilter = keyof typeof STATUS_FILTERS;

export const emptyFilters: Filters = {
  status: null, branch: null, defaultBranchOnly: false, workflow: null, event: null, actor: null, q: "",
};

const clean = (value: string | null) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

export function parseFilters(search: string | URLSearchParams): Filters {
  const params = typeof search === "string" ? new URLSearchParams(search) : search;
  const status = clean(params.get("status"));
  const defaultBranch = params.get("defaultBranch");
  return {
    status: status && status in STATUS_FILTERS ? (status as StatusFilter) : null,
    branch: clean(params.get("branch")),
    defaultBranchOnly: defaultBranch === "1" || defaultBranch === "true",
    workflow: clean(params.get("workflow")),
    event: clean(params.get("event")),
    actor: clean(params.get("actor")),
    q: params.get("q")?.trim() ?? "",
  };
}

/** The query string for the filters, without the `?`; parameters in a fixed order, empty ones left out. */
export function filtersToSearch(filters: Filters): string {
  const params = new URLSearchParams();
  if (filters.status) params.set("status", filters.status);
  if (filters.defaultBranchOnly) params.set("defaultBranch", "1");
  else if (filters.branch) params.set("branch", filters.branch);
  if (filters.workflow) params.set("workflow", filters.workflow);
  if (filters.event) params.set("event", filters.event);
  if (filters.actor) params.set("actor", filters.actor);
  if (filters.q.trim()) params.set("q", filters.q.trim());
  return params.toString();
}

export const hasFilters = (f: Filters) => filtersToSearch(f) !== "";

export function matchesStatus(run: Run, status: StatusFilter | null): boolean {
  switch (status) {
    case null: return true;
    case "queued": return isQueued(run.status);
    case "in_progress": return run.status === "in_progress";
    case "completed": return run.status === "completed";
    case "success": return run.status === "completed" && run.conclusion === "success";
    case "failure": return run.status === "completed" && isFailing(run.conclusion);
    case "cancelled": return run.status === "completed" && run.conclusion === "cancelled";
  }
}

const same = (a: string | null | undefined, b: string) => (a ?? "").toLowerCase() === b.toLowerCase();

export function matchesFilters(run: Run, repository: Pick<DashboardRepository, "fullName" | "defaultBranch">, f: Filters): boolean {
  if (!matchesStatus(run, f.status)) return false;
  if (f.defaultBranchOnly ? run.branch !== repository.defaultBranch : f.branch !== null && run.branch !== f.branch) return false;
  if (f.workflow !== null && !same(run.workflowName, f.workflow)) return false;
  if (f.event !== null && run.event !== f.event) return false;
  if (f.actor !== null && !same(run.actor?.login, f.actor)) return false;
  if (f.q) {
    const haystack = [repository.fullName, run.workflowName, run.displayTitle, run.branch, run.commitMessage, run.actor?.login, run.event, run.headSha, `#${run.runNumber}`]
      .filter(Boolean).join("\n").toLowerCase();
    if (!f.q.toLowerCase().split(/\s+/).every((word) => haystack.includes(word))) return false;
  }
  return true;
}

/** The values the filter menus offer, from what is on the dashboard. */
export function filterOptions(repositories: DashboardRepository[]) {
  const branches = new Set<string>(), workflows = new Set<string>(), events = new Set<string>(), actors = new Set<string>();
  for (const repo of repositories) {
    for (const run of repo.runs) {
      if (run.branch) branches.add(run.branch);
      workflows.add(run.workflowName);
      events.add(run.event);
      if (run.actor) actors.add(run.actor.login);
    }
  }
  const sorted = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
  return { branches: sorted(branches), workflows: sorted(workflows), events: sorted(events), actors: sorted(actors) };
}
