import { api, ApiError, repoPath } from "./http";
import type { Dashboard, JobFailure, JobsResponse, ReposResponse, RunResponse, Session, Settings } from "./types";

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
