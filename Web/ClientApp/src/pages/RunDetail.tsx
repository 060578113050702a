import { useCallback, useEffect, useRef, useState } from "react";
import { getRun, listJobs, listRepositories, requestRunAction, type RunAction } from "../api/endpoints";
import { ApiError, errorMessage } from "../api/http";
import type { Job, Run } from "../api/types";
import { Avatar } from "../components/AvatarMenu";
import { Elapsed } from "../components/Elapsed";
import { JobFailurePanel } from "../components/JobFailurePanel";
import { JobRerunButton, PendingDeployments } from "../components/Controls";
import { ErrorState, Loading, StaleNote } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { useApp, useLive } from "../context";
import { isActive, isFailing, isQueued } from "../lib/runs";
import { Link } from "../lib/router";
import { safeUrl } from "../lib/safeUrl";
import { PageTitle } from "./PageTitle";

type Permissions = { canRerun: boolean; canCancel: boolean };

/** One run: its jobs and steps, live; re-run, re-run failed jobs and cancel when the user may. */
export function RunDetailPage({ owner, repo, id }: { owner: string; repo: string; id: number }) {
  const { store, settings } = useApp();
  const fullName = `${owner}/${repo}`;
  const run = useLive((s) => s.runs.get(id));
  const jobsVersion = useLive((s) => s.jobs.get(id));
  // Live only when the hub sends this repository's events: not for one outside the selection (or refused by the hub).
  const coveredLive = useLive(() => store.isFullyLive([fullName]));
  const dashboardRepo = useLive((s) => s.dashboard?.repositories.find((r) => r.fullName.toLowerCase() === fullName.toLowerCase()));
  const [meta, setMeta] = useState<{ stale: boolean; fetchedAt: string } | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [jobsError, setJobsError] = useState<string | null>(null);
  const [jobsLoaded, setJobsLoaded] = useState(false);
  // The run a review was just sent for: its review section stays (with what was done) after the run stops waiting.
  const [reviewedRun, setReviewedRun] = useState<number | null>(null);
  const [permissions, setPermissions] = useState<Permissions | null>(null);

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      const answer = await getRun(fullName, id, signal);
      const { stale, fetchedAt, ...fetched } = answer;
      store.seedRun(fetched as Run);
      setMeta({ stale, fetchedAt });
      setError(null);
    } catch (e) {
      if ((e as Error).name !== "AbortError") setError(e as Error);
    }
    try {
      const answer = await listJobs(fullName, id, signal);
      store.seedJobs(id, answer.jobs);
      setJobsLoaded(true);
      setJobsError(null);
    } catch (e) {
      if ((e as Error).name !== "AbortError") setJobsError(errorMessage(e));
    }
  }, [fullName, id, store]);

  useEffect(() => {
    const abort = new AbortController();
    void load(abort.signal);
    return () => abort.abort();
  }, [load]);

  // While this page is open, the store keeps this run and its jobs.
  useEffect(() => store.viewRun(id), [store, id]);

  // A new attempt (after a re-run) has new jobs: fetch them.
  const attempt = run?.runAttempt;
  const firstAttempt = useRef(attempt);
  useEffect(() => {
    if (attempt === undefined) return;
    if (firstAttempt.current === undefined) { firstAttempt.current = attempt; return; }
    if (attempt !== firstAttempt.current) { firstAttempt.current = attempt; void load(); }
  }, [attempt, load]);

  // Unless the hub sends this repository's events, poll an active run at the auto-refresh interval.
  const active = run ? isActive(run.status) : false;
  useEffect(() => {
    if (coveredLive || !active || !settings.autoRefresh.enabled) return;
    const timer = setInterval(() => void load(), settings.autoRefresh.intervalSeconds * 1000);
    return () => clearInterval(timer);
  }, [coveredLive, active, settings.autoRefresh.enabled, settings.autoRefresh.intervalSeconds, load]);

  // Permissions come with the dashboard's repositories; a run outside the selection asks /api/repos.
  useEffect(() => {
    if (dashboardRepo) { setPermissions({ canRerun: dashboardRepo.canRerun, canCancel: dashboardRepo.canCancel }); return; }
    const abort = new AbortController();
    listRepositories(abort.signal).then((r) => {
      const found = r.repositories.find((x) => x.fullName.toLowerCase() === fullName.toLowerCase());
      setPermissions(found ? { canRerun: found.canRerun, canCancel: found.canCancel } : { canRerun: false, canCancel: false });
    }, () => setPermissions({ canRerun: false, canCancel: false }));
    return () => abort.abort();
  }, [dashboardRepo, fullName]);

  if (!run) {
    return (
      <>
        <PageTitle title={`Run ${id}`} />
        <Breadcrumb fullName={fullName} />
        {error
          ? <ErrorState title={error instanceof ApiError && error.status === 404 ? "Run not found" : "The run could not be loaded"} message={error.message} onRetry={error instanceof ApiError && error.status === 404 ? undefined : () => void load()} />
          : <Loading label="Loading the run…" />}
      </>
    );
  }

  const jobs = jobsVersion ? store.jobsOf(id) : [];
  const runUrl = safeUrl(run.htmlUrl);
  return (
    <>
      <Breadcrumb fullName={run.repository} />
      <PageTitle title={`${run.workflowName} #${run.runNumber}`}>
        <StatusBadge status={run.status} conclusion={run.conclusion} /> {run.workflowName} <span className="muted">#{run.runNumber}</span>
      </PageTitle>
      {meta && <StaleNote stale={meta.stale} fetchedAt={meta.fetchedAt} />}
      <p className="run-message-large">{run.commitMessage?.split("\n")[0] ?? run.displayTitle}</p>
      <dl className="facts">
        <div><dt>Repository</dt><dd>{run.repository}</dd></div>
        <div><dt>Branch</dt><dd><span className="chip chip-branch">{run.branch ?? "—"}</span></dd></div>
        <div><dt>Commit</dt><dd><code>{run.headSha.slice(0, 7)}</code></dd></div>
        <div><dt>Event</dt><dd>{run.event}</dd></div>
        <div><dt>Actor</dt><dd className="actor">{run.actor ? <><Avatar url={run.actor.avatarUrl} login={run.actor.login} size={20} />{run.actor.login}</> : "—"}</dd></div>
        <div><dt>Attempt</dt><dd data-testid="run-attempt">{run.runAttempt}</dd></div>
        <div><dt>Started</dt><dd>{new Date(run.startedAt ?? run.createdAt).toLocaleString()}</dd></div>
        <div><dt>Duration</dt><dd data-testid="run-duration">{isQueued(run.status) ? <span className="muted">not started</span> : <Elapsed from={run.startedAt ?? run.createdAt} to={active ? null : run.updatedAt} running={active} label="Duration" />}</dd></div>
        <div><dt>Queued</dt><dd><Elapsed from={run.createdAt} to={isQueued(run.status) ? null : run.startedAt} running={isQueued(run.status)} label="Queue time" /></dd></div>
      </dl>
      {runUrl && <p><a href={runUrl} target="_blank" rel="noreferrer" className="button">View run and logs on GitHub<span className="visually-hidden"> (opens GitHub)</span></a></p>}
      <RunActions run={run} fullName={fullName} permissions={permissions} />
      {(run.status === "waiting" || reviewedRun === run.id) && (
        <PendingDeployments fullName={fullName} runId={run.id} onReviewed={() => { setReviewedRun(run.id); void load(); }} />
      )}
      <h2>Jobs</h2>
      {jobsError && <ErrorState title="The jobs could not be loaded" message={jobsError} onRetry={() => void load()} />}
      {/* Live job events can list jobs before the fetch answers: then they are shown, not a spinner above them. */}
      {!jobsLoaded && !jobsError && jobs.length === 0 && <Loading label="Loading jobs…" />}
      {jobsLoaded && jobs.length === 0 && <p className="muted">No jobs yet: GitHub creates them when the run is picked up.</p>}
      <ul className="jobs">{jobs.map((job) => <JobItem key={job.id} job={job} fullName={fullName} canRerun={permissions?.canRerun ?? false} />)}</ul>
    </>
  );
}

function Breadcrumb({ fullName }: { fullName: string }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <Link to="/">Dashboard</Link> <span aria-hidden="true">›</span> <span>{fullName}</span>
    </nav>
  );
}

function JobItem({ job, fullName, canRerun }: { job: Job; fullName: string; canRerun: boolean }) {
  const running = isActive(job.status);
  const failed = job.status === "completed" && isFailing(job.conclusion);
  const jobUrl = safeUrl(job.htmlUrl);
  return (
    <li className="job" data-job-id={job.id}>
      <details open={running || isFailing(job.conclusion)}>
        <summary>
          <StatusBadge status={job.status} conclusion={job.conclusion} compact />
          <span className="job-name">{job.name}</span>
          <span className="job-duration">{job.startedAt ? <Elapsed from={job.startedAt} to={job.completedAt} running={running} label="Duration" /> : <span className="muted">waiting</span>}</span>
        </summary>
        <div className="job-body">
          <p className="muted small">
            Runner: {job.runnerName ?? "not assigned yet"}{job.labels.length > 0 && <> · labels: {job.labels.join(", ")}</>}
            {jobUrl && <> · <a href={jobUrl} target="_blank" rel="noreferrer">Logs on GitHub<span className="visually-hidden"> for {job.name} (opens GitHub)</span></a></>}
          </p>
          {job.steps.length === 0
            ? <p className="muted small">No steps yet.</p>
            : (
              <ol className="steps">
                {job.steps.map((step) => (
                  <li key={step.number} className="step">
                    <StatusBadge status={step.status} conclusion={step.conclusion} compact />
                    <span className="step-name">{step.name}</span>
                    <span className="step-duration">{step.startedAt ? <Elapsed from={step.startedAt} to={step.completedAt} running={isActive(step.status)} /> : ""}</span>
                  </li>
                ))}
              </ol>
            )}
          {failed && <JobFailurePanel fullName={fullName} job={job} canRerun={canRerun} />}
          {!failed && canRerun && job.status === "completed" && <JobRerunButton fullName={fullName} jobId={job.id} jobName={job.name} />}
        </div>
      </details>
    </li>
  );
}

type ActionKind = RunAction;
const ACTIONS: Record<ActionKind, { label: string; confirm: string; done: string; pending: string }> = {
  rerun: { label: "Re-run all jobs", confirm: "Re-run every job of this run?", done: "Re-run requested: GitHub will queue a new attempt shortly.", pending: "Requesting re-run…" },
  "rerun-failed-jobs": { label: "Re-run failed jobs", confirm: "Re-run only the failed jobs (and the jobs that depend on them)?", done: "Re-run of the failed jobs requested.", pending: "Requesting re-run…" },
  cancel: { label: "Cancel run", confirm: "Cancel this run? Jobs in progress are stopped.", done: "Cancellation requested: GitHub is stopping the run.", pending: "Cancelling…" },
};

function RunActions({ run, fullName, permissions }: { run: Run; fullName: string; permissions: Permissions | null }) {
  const [confirming, setConfirming] = useState<ActionKind | null>(null);
  const [pending, setPending] = useState<ActionKind | null>(null);
  const [outcome, setOutcome] = useState<{ kind: "done" | "error"; text: string } | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);

  useEffect(() => { if (confirming) confirmButton.current?.focus(); }, [confirming]);
  if (!permissions) return null;

  const completed = run.status === "completed";
  const available: ActionKind[] = [];
  if (permissions.canRerun && completed) available.push("rerun");
  if (permissions.canRerun && completed && isFailing(run.conclusion)) available.push("rerun-failed-jobs");
  if (permissions.canCancel && !completed) available.push("cancel");
  if (available.length === 0 && !outcome) return null;

  const act = async (kind: ActionKind) => {
    setConfirming(null);
    setPending(kind);
    setOutcome(null);
    try {
      await requestRunAction(fullName, run.id, kind);
      setOutcome({ kind: "done", text: ACTIONS[kind].done });
    } catch (e) {
      const detail = e instanceof ApiError ? e.problem?.detail || e.problem?.title || e.message : errorMessage(e);
      const lead = e instanceof ApiError && e.status === 403 ? "GitHub refused: " : e instanceof ApiError && e.status === 409 ? "Not possible now: " : "";
      setOutcome({ kind: "error", text: lead + detail });
    } finally {
      setPending(null);
    }
  };

  return (
    <section className="actions" aria-label="Run actions">
      {!confirming && available.map((kind) => (
        <button key={kind} type="button" className={`button${kind === "cancel" ? " button-danger" : ""}`} disabled={pending !== null} onClick={() => { setOutcome(null); setConfirming(kind); }}>
          {pending === kind ? ACTIONS[kind].pending : ACTIONS[kind].label}
        </button>
      ))}
      {confirming && (
        <div className="confirm" role="group" aria-labelledby="confirm-text">
          <p id="confirm-text">{ACTIONS[confirming].confirm}</p>
          <button ref={confirmButton} type="button" className={`button ${confirming === "cancel" ? "button-danger" : "button-primary"}`} onClick={() => void act(confirming)}>
            Yes, {ACTIONS[confirming].label.toLowerCase()}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(null)}>No, go back</button>
        </div>
      )}
      <div aria-live="polite" className="action-outcome">
        {pending && <p className="muted">{ACTIONS[pending].pending}</p>}
        {outcome && <p className={outcome.kind === "error" ? "error-text" : "success-text"} role={outcome.kind === "error" ? "alert" : undefined}>{outcome.text}</p>}
      </div>
    </section>
  );
}
