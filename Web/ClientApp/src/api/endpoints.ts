import { api, ApiError, repoPath, request } from "./http";
import type { AlertDelivery, AlertRule, AlertRuleRequest, CommitGrid, Dashboard, DispatchForm, FailingRunsResponse, Insights, JobFailure, JobsResponse, PendingDeploymentsResponse, ReposResponse, RunnerQueues, RunResponse, RunsResponse, Session, Settings, TeamsResponse, WorkflowInsights } from "./types";

// Every call the app makes to the gateway, by route: pages and the live connection call these, never a URL of their own.

/** Who is signed in with this browser's cookie, and the CSRF token for writes (401 when nobody is). */
export const getSession = () => api.get<Session>("/auth/session");

/** Ends the session on the server. A 401 means it had already ended, which is what was asked. */
export async function signOutSession() {
  try {
    await api.post("/auth/logout");
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) throw e;
  }
}

export const getSettings = (signal?: AbortSignal) => api.get<Settings>("/api/settings", signal);

export const saveSettings = (settings: Settings) => api.put<Settings>("/api/settings", settings);

/** The dashboard from the read model: the latest runs of every selected repository. */
export const getDashboard = () => api.get<Dashboard>("/api/dashboard");

/** The repositories the user can reach on GitHub, with their permissions. */
export const listRepositories = (signal?: AbortSignal) => api.get<ReposResponse>("/api/repos", signal);

const runPath = (fullName: string, id: number) => `/api/repos/${repoPath(fullName)}/runs/${id}`;

export const getRun = (fullName: string, id: number, signal?: AbortSignal) => api.get<RunResponse>(runPath(fullName, id), signal);

export const listJobs = (fullName: string, id: number, signal?: AbortSignal) => api.get<JobsResponse>(`${runPath(fullName, id)}/jobs`, signal);

/** What the run page can ask GitHub to do with a run. */
export type RunAction = "rerun" | "rerun-failed-jobs" | "cancel";

/** Re-run, re-run the failed jobs, or cancel: GitHub accepts it (202) or says why not (problem details). */
export const requestRunAction = (fullName: string, id: number, action: RunAction) => api.post(`${runPath(fullName, id)}/${action}`);

const jobPath = (fullName: string, jobId: number) => `/api/repos/${repoPath(fullName)}/jobs/${jobId}`;

/** Why a job failed: its failed step, the end of that step's log, annotations and the run's pull requests. */
export const getJobFailure = (fullName: string, jobId: number, signal?: AbortSignal) => api.get<JobFailure>(`${jobPath(fullName, jobId)}/failure`, signal);

/** Re-runs one job (GitHub starts a new attempt of its run with it). */
export const rerunJob = (fullName: string, jobId: number) => api.post(`${jobPath(fullName, jobId)}/rerun`);

/** A query string from the values that are set (`?a=1&b=x`), or "". */
function query(values: Record<string, string | number | null | undefined>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== null && value !== undefined && value !== "") params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** A page of the repository's runs from GitHub (through the server's cache), optionally of one workflow and branch. */
export const listRuns = (fullName: string, filter: { workflowId?: number; branch?: string | null; perPage?: number }, signal?: AbortSignal) =>
  api.get<RunsResponse>(`/api/repos/${repoPath(fullName)}/runs${query({ workflowId: filter.workflowId, branch: filter.branch, perPage: filter.perPage })}`, signal);

/** One workflow's figures over the last `days` days (on one branch, or every branch), from the read model. */
export const getWorkflowInsights = (fullName: string, workflowId: number, filter: { days: number; branch?: string | null }, signal?: AbortSignal) =>
  api.get<WorkflowInsights>(`/api/repos/${repoPath(fullName)}/workflows/${workflowId}/insights${query({ days: filter.days, branch: filter.branch })}`, signal);

/** Flaky jobs, failing and slowest workflows and queue times across the selected repositories. */
/** Runner queues across the dashboard's repositories: jobs waiting now per label, waits per label and day. */
export const getRunnerQueues = (days: number, signal?: AbortSignal) => api.get<RunnerQueues>(`/api/runners${query({ days })}`, signal);

export const getInsights = (days: number, signal?: AbortSignal) => api.get<Insights>(`/api/insights${query({ days })}`, signal);

/** The branch's latest commits (default: the repository's default branch) × the latest run of each workflow on them. */
export const getCommitGrid = (fullName: string, filter: { branch?: string | null; limit?: number }, signal?: AbortSignal) =>
  api.get<CommitGrid>(`/api/repos/${repoPath(fullName)}/commits${query({ branch: filter.branch, limit: filter.limit })}`, signal);

/** For failed runs (the dashboard's red rows): the oldest run of the failure streak each one ends on its workflow and branch. */
export const getFailingSince = (runIds: number[], signal?: AbortSignal) =>
  api.get<FailingRunsResponse>(`/api/insights/failing-since?${runIds.map((id) => `runIds=${id}`).join("&")}`, signal);

/** Whether the workflow can be run by hand at `ref` (default: the default branch), and the inputs its file declares there. */
export const getDispatchForm = (fullName: string, workflowId: number, ref: string | null, signal?: AbortSignal) =>
  api.get<DispatchForm>(`/api/repos/${repoPath(fullName)}/workflows/${workflowId}/dispatch${query({ ref })}`, signal);

/** Runs the workflow on `ref` with these inputs (checked against the file first; GitHub answers 202 or a problem). */
export const dispatchWorkflow = (fullName: string, workflowId: number, ref: string, inputs: Record<string, string | boolean | number>) =>
  api.post(`/api/repos/${repoPath(fullName)}/workflows/${workflowId}/dispatches`, { ref, inputs });

/** The environments a run waits for, and whether the user may approve them. */
export const getPendingDeployments = (fullName: string, id: number, signal?: AbortSignal) =>
  api.get<PendingDeploymentsResponse>(`${runPath(fullName, id)}/pending-deployments`, signal);

/** Approves or rejects waiting environments of a run. */
export const reviewPendingDeployments = (fullName: string, id: number, environmentIds: number[], state: "approved" | "rejected", comment: string) =>
  api.post(`${runPath(fullName, id)}/pending-deployments`, { environmentIds, state, comment });
// Alerts.Api: the signed-in person's alert rules and deliveries.
export const listAlertRules = (signal?: AbortSignal) => api.get<AlertRule[]>("/api/alerts/rules", signal);
export const createAlertRule = (rule: AlertRuleRequest) => api.post<AlertRule>("/api/alerts/rules", rule);
export const updateAlertRule = (id: string, rule: AlertRuleRequest) => api.put<AlertRule>(`/api/alerts/rules/${encodeURIComponent(id)}`, rule);
export const deleteAlertRule = (id: string) => request<void>("DELETE", `/api/alerts/rules/${encodeURIComponent(id)}`);
export const testAlertRule = (id: string) => api.post<AlertDelivery>(`/api/alerts/rules/${encodeURIComponent(id)}/test`);
export const listAlertDeliveries = (signal?: AbortSignal) => api.get<AlertDelivery[]>("/api/alerts/deliveries", signal);
// GitHubProxy.Api: the signed-in user's GitHub teams (asked of GitHub with their token), which team alert rules name.
export const listMyTeams = (signal?: AbortSignal) => api.get<TeamsResponse>("/api/user/teams", signal);
