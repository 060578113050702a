import { useCallback, useEffect, useState } from "react";
import { getJobFailure, rerunJob } from "../api/endpoints";
import { ApiError, errorMessage } from "../api/http";
import type { Job, JobFailure } from "../api/types";
import { annotationLocation, logCommand, logTime, sortAnnotations } from "../lib/annotations";
import { safeUrl } from "../lib/safeUrl";
import { ErrorState, Loading } from "./States";

/**
 * Under a failed job: the step that failed, the end of its log (monospace, scrollable), the annotations (file:line
 * message), the run's pull requests, and re-running this one job when the user may.
 */
export function JobFailurePanel({ fullName, job, canRerun }: { fullName: string; job: Job; canRerun: boolean }) {
  const [failure, setFailure] = useState<JobFailure | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      setFailure(await getJobFailure(fullName, job.id, signal));
      setError(null);
    } catch (e) {
      if ((e as Error).name !== "AbortError") setError(errorMessage(e));
    }
  }, [fullName, job.id]);

  useEffect(() => {
    const abort = new AbortController();
    void load(abort.signal);
    return () => abort.abort();
  }, [load]);

  if (error) return <ErrorState title="Why this job failed could not be loaded" message={error} onRetry={() => void load()} />;
  if (!failure) return <Loading label="Loading why the job failed…" />;

  const annotations = sortAnnotations(failure.annotations);
  return (
    <section className="failure" aria-label={`Why ${job.name} failed`}>
      <p className="failure-step">
        {failure.failedStep
          ? <>Failed at step {failure.failedStep.number}: <strong>{failure.failedStep.name}</strong></>
          : <span className="muted">No step failed; the job ended as {failure.conclusion ?? failure.status}.</span>}
      </p>
      {failure.logTail.length > 0 && (
        <>
          {failure.logTruncated && <p className="muted small">Only the last {failure.logTail.length} lines of the step's log are shown.</p>}
          <pre className="log-tail" tabIndex={0} aria-label={`Last lines of the log of ${failure.failedStep?.name ?? job.name}`}>
            {failure.logTail.map((line, index) => {
              const command = logCommand(line.text);
              return (
                <span key={index} className={`log-line${command.kind ? ` log-${command.kind}` : ""}`} title={line.time ?? undefined}>
                  <span className="log-time" aria-hidden="true">{logTime(line.time)} </span>
                  {command.kind === "error" ? `Error: ${command.text}` : command.kind === "warning" ? `Warning: ${command.text}` : command.text}
                  {"\n"}
                </span>
              );
            })}
          </pre>
        </>
      )}
      {!failure.logAvailable && (job.steps.some((step) => step.startedAt)
        ? <p className="muted small">GitHub no longer has this job's log.</p>
        : <p className="muted small">This job never ran (for example, its deployment was rejected or the run was cancelled first), so it has no log.</p>)}
      {annotations.length > 0 && (
        <>
          <h4 className="failure-heading">Annotations</h4>
          <ul className="annotations">
            {annotations.map((a, index) => (
              <li key={index} className={`annotation annotation-${a.level}`}>
                <code>{annotationLocation(a)}</code> {a.title && <strong>{a.title}: </strong>}{a.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {failure.pullRequests.length > 0 && (
        <p className="small">
          Pull requests:{" "}
          {failure.pullRequests.map((pr, index) => {
            const url = safeUrl(pr.htmlUrl);
            return (
              <span key={pr.number}>
                {index > 0 && ", "}
                {url ? <a href={url} target="_blank" rel="noreferrer">#{pr.number}<span className="visually-hidden"> (opens GitHub)</span></a> : `#${pr.number}`}
              </span>
            );
          })}
        </p>
      )}
      {canRerun && <RerunJobButton fullName={fullName} job={job} />}
    </section>
  );
}

function RerunJobButton({ fullName, job }: { fullName: string; job: Job }) {
  const [pending, setPending] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: "done" | "error"; text: string } | null>(null);

  const rerun = async () => {
    setConfirming(false);
    setPending(true);
    setOutcome(null);
    try {
      await rerunJob(fullName, job.id);
      setOutcome({ kind: "done", text: `Re-run of ${job.name} requested: GitHub will queue a new attempt shortly.` });
    } catch (e) {
      const detail = e instanceof ApiError ? e.problem?.detail || e.problem?.title || e.message : errorMessage(e);
      const lead = e instanceof ApiError && e.status === 403 ? "GitHub refused: " : e instanceof ApiError && e.status === 409 ? "Not possible now: " : "";
      setOutcome({ kind: "error", text: lead + detail });
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="failure-actions">
      {!confirming && (
        <button type="button" className="button" disabled={pending} onClick={() => { setOutcome(null); setConfirming(true); }}>
          {pending ? "Requesting re-run…" : <>Re-run this job<span className="visually-hidden"> ({job.name})</span></>}
        </button>
      )}
      {confirming && (
        <div className="confirm" role="group" aria-label={`Re-run ${job.name}?`}>
          <p>Re-run the job {job.name}?</p>
          <button type="button" className="button button-primary" onClick={() => void rerun()}>Yes, re-run this job</button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>No, go back</button>
        </div>
      )}
      <div aria-live="polite">
        {outcome && <p className={outcome.kind === "error" ? "error-text" : "success-text"} role={outcome.kind === "error" ? "alert" : undefined}>{outcome.text}</p>}
      </div>
    </div>
  );
}
