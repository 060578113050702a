import { useEffect, useId, useState, type FormEvent } from "react";
import { getWorkflowInsights, listRuns } from "../api/endpoints";
import { errorMessage, repoPath } from "../api/http";
import type { Run, WorkflowInsights } from "../api/types";
import { RunWorkflow } from "../components/Controls";
import { LineChart } from "../components/LineChart";
import { Empty, ErrorState, Loading, StaleNote } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { formatRelative } from "../lib/duration";
import { commitsPath, DAY_CHOICES, formatPercent, formatSeconds, parseInsightsSearch, shortSha, successRateOf, workflowPath } from "../lib/insights";
import { Link, navigate, useLocation } from "../lib/router";
import { useNow } from "../lib/useNow";
import { PageTitle } from "./PageTitle";

const RUNS_SHOWN = 20;

/** One workflow: success rate, durations and queue times over a window (from the read model), and its latest runs. */
export function WorkflowPage({ owner, repo, workflowId }: { owner: string; repo: string; workflowId: number }) {
  const fullName = `${owner}/${repo}`;
  const { search } = useLocation();
  const { days, branch } = parseInsightsSearch(search);
  const [insights, setInsights] = useState<WorkflowInsights | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [runs, setRuns] = useState<{ runs: Run[]; stale: boolean; fetchedAt: string } | null>(null);
  const [runsError, setRunsError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    setError(null);
    getWorkflowInsights(fullName, workflowId, { days, branch }, abort.signal)
      .then(setInsights)
      .catch((e) => { if ((e as Error).name !== "AbortError") setError(errorMessage(e)); });
    listRuns(fullName, { workflowId, branch, perPage: RUNS_SHOWN }, abort.signal)
      .then((answer) => { setRuns(answer); setRunsError(null); })
      .catch((e) => { if ((e as Error).name !== "AbortError") setRunsError(errorMessage(e)); });
    return () => abort.abort();
  }, [fullName, workflowId, days, branch, attempt]);

  const title = insights?.workflowName ?? `Workflow ${workflowId}`;
  const setFilter = (next: { days?: number; branch?: string | null }) =>
    navigate(workflowPath(fullName, workflowId, { days, branch, ...next }), { replace: true });

  return (
    <>
      <p className="breadcrumb"><Link to="/">Dashboard</Link> / <Link to={commitsPath(fullName, branch)}>{fullName}</Link> / <Link to="/insights">Insights</Link></p>
      <PageTitle title={title} />
      <RunWorkflow fullName={fullName} workflowId={workflowId} defaultRef={branch} />
      <WindowControls days={days} branch={branch} onChange={setFilter} />
      {error && !insights && <ErrorState title="The workflow's figures could not be loaded" message={error} onRetry={() => setAttempt(attempt + 1)} />}
      {!error && !insights && <Loading label="Loading the workflow's figures…" />}
      {insights && <WorkflowFigures insights={insights} />}
      <section aria-labelledby="workflow-runs">
        <h2 id="workflow-runs" className="group-title">Latest runs{branch ? ` on ${branch}` : ""}</h2>
        {runsError && <p className="error-text" role="alert">The runs could not be loaded: {runsError}</p>}
        {!runs && !runsError && <Loading label="Loading runs…" />}
        {runs && <StaleNote stale={runs.stale} fetchedAt={runs.fetchedAt} />}
        {runs && (runs.runs.length === 0 ? <Empty title="No runs of this workflow yet" /> : <RunTable runs={runs.runs} />)}
      </section>
    </>
  );
}

function WindowControls({ days, branch, onChange }: { days: number; branch: string | null; onChange: (next: { days?: number; branch?: string | null }) => void }) {
  const id = useId();
  const [draft, setDraft] = useState(branch ?? "");
  useEffect(() => setDraft(branch ?? ""), [branch]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ branch: draft.trim() || null });
  };
  return (
    <form className="filters" aria-label="Window" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-days`}>Window</label>
        <select id={`${id}-days`} value={days} onChange={(e) => onChange({ days: Number(e.target.value) })}>
          {DAY_CHOICES.map((d) => <option key={d} value={d}>Last {d} days</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-branch`}>Branch</label>
        <input id={`${id}-branch`} value={draft} placeholder="Every branch" onChange={(e) => setDraft(e.target.value)} />
      </div>
      <button type="submit" className="button">Show</button>
    </form>
  );
}

export function WorkflowFigures({ insights }: { insights: WorkflowInsights }) {
  const { runs, duration, queueTime, daily, failingSince } = insights;
  const labels = daily.map((d) => d.date);
  return (
    <>
      {failingSince && (
        <p className="failing-since" role="note">
          <span aria-hidden="true">✗ </span>Failing on <span className="chip chip-branch">{failingSince.branch}</span> since{" "}
          <Link to={`/runs/${repoPath(insights.repository)}/${failingSince.runId}`}><code>{shortSha(failingSince.headSha)}</code></Link>{" "}
          ({failingSince.failedRuns} {failingSince.failedRuns === 1 ? "run" : "runs"}, since {new Date(failingSince.createdAt).toLocaleString()})
        </p>
      )}
      <dl className="facts">
        <div><dt>Runs</dt><dd>{runs.total} <span className="muted small">({runs.successes} passed, {runs.failures} failed, {runs.cancelled} cancelled)</span></dd></div>
        <div><dt>Success rate</dt><dd title="Passed / (passed + failed); cancelled and skipped runs do not count">{formatPercent(runs.successRate)}</dd></div>
        <div><dt>Duration p50 / p95</dt><dd>{formatSeconds(duration.p50Seconds)} / {formatSeconds(duration.p95Seconds)}</dd></div>
        <div><dt>Queue time p50 / p95</dt><dd>{formatSeconds(queueTime.p50Seconds)} / {formatSeconds(queueTime.p95Seconds)}</dd></div>
      </dl>
      <div className="charts">
        <LineChart title="Success rate per day" labels={labels} values={daily.map(successRateOf)} format={formatPercent} max={1} />
        <LineChart title="Median duration per day" labels={labels} values={daily.map((d) => d.p50DurationSeconds)} format={formatSeconds} />
        <LineChart title="Median queue time per day" labels={labels} values={daily.map((d) => d.p50QueueSeconds)} format={formatSeconds} />
      </div>
      <section aria-labelledby="slowest-jobs">
        <h2 id="slowest-jobs" className="group-title">Slowest jobs</h2>
        {insights.slowestJobs.length === 0
          ? <p className="muted">No finished jobs in this window.</p>
          : (
            <table className="table">
              <thead><tr><th scope="col">Job</th><th scope="col" className="num">p50</th><th scope="col" className="num">p95</th><th scope="col" className="num">Runs</th></tr></thead>
              <tbody>
                {insights.slowestJobs.map((job) => (
                  <tr key={job.name}><th scope="row">{job.name}</th><td className="num">{formatSeconds(job.p50Seconds)}</td><td className="num">{formatSeconds(job.p95Seconds)}</td><td className="num">{job.count}</td></tr>
                ))}
              </tbody>
            </table>
          )}
      </section>
    </>
  );
}

function RunTable({ runs }: { runs: Run[] }) {
  const now = useNow(false);
  return (
    <table className="table">
      <thead><tr><th scope="col">Status</th><th scope="col">Run</th><th scope="col">Branch</th><th scope="col">Commit</th><th scope="col">Created</th></tr></thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} data-run-id={run.id}>
            <td><StatusBadge status={run.status} conclusion={run.conclusion} compact /></td>
            <td><Link to={`/runs/${repoPath(run.repository)}/${run.id}`}>#{run.runNumber}</Link> <span className="muted small">{run.displayTitle ?? ""}</span></td>
            <td><span className="chip chip-branch">{run.branch ?? "—"}</span></td>
            <td><code>{shortSha(run.headSha)}</code></td>
            <td><time dateTime={run.createdAt}>{formatRelative(run.createdAt, now)}</time></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
