import { useEffect, useId, useState, type ReactNode } from "react";
import { getInsights } from "../api/endpoints";
import { errorMessage } from "../api/http";
import type { Insights } from "../api/types";
import { Empty, ErrorState, Loading } from "../components/States";
import { formatRelative } from "../lib/duration";
import { DAY_CHOICES, DEFAULT_DAYS, formatPercent, formatSeconds, parseInsightsSearch, workflowPath } from "../lib/insights";
import { Link, navigate, useLocation } from "../lib/router";
import { useNow } from "../lib/useNow";
import { PageTitle } from "./PageTitle";

/** What needs attention across the selected repositories: flaky jobs, failing and slow workflows, queue times per runner label. */
export function InsightsPage() {
  const { search } = useLocation();
  const { days } = parseInsightsSearch(search);
  const [insights, setInsights] = useState<Insights | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const id = useId();

  useEffect(() => {
    const abort = new AbortController();
    setError(null);
    getInsights(days, abort.signal)
      .then(setInsights)
      .catch((e) => { if ((e as Error).name !== "AbortError") setError(errorMessage(e)); });
    return () => abort.abort();
  }, [days, attempt]);

  return (
    <>
      <PageTitle title="Insights" />
      <form className="filters" aria-label="Window" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-days`}>Window</label>
          <select id={`${id}-days`} value={days} onChange={(e) => {
            const next = Number(e.target.value);
            navigate(next === DEFAULT_DAYS ? "/insights" : `/insights?days=${next}`, { replace: true });
          }}>
            {DAY_CHOICES.map((d) => <option key={d} value={d}>Last {d} days</option>)}
          </select>
        </div>
      </form>
      {error && <ErrorState title="The insights could not be loaded" message={error} onRetry={() => setAttempt(attempt + 1)} />}
      {!error && !insights && <Loading label="Loading insights…" />}
      {insights && !error && <InsightsTables insights={insights} />}
    </>
  );
}

export function InsightsTables({ insights }: { insights: Insights }) {
  const now = useNow(false);
  if (insights.repositories.length === 0) {
    return <Empty title="No repositories selected"><p><Link to="/repositories">Pick repositories</Link> to see insights about their workflows.</p></Empty>;
  }
  const workflow = (w: { repository: string; workflowId: number; workflowName: string }) => (
    <Link to={workflowPath(w.repository, w.workflowId, { days: insights.days })}>{w.workflowName}</Link>
  );
  return (
    <>
      <p className="summary">Across {insights.repositories.length} selected {insights.repositories.length === 1 ? "repository" : "repositories"}, last {insights.days} days.</p>
      <Section id="flaky" title="Flaky jobs" note="A job is flaky on a commit when it both passed and failed on it (re-runs, or several runs of the same commit)." empty="No flaky jobs." rows={insights.flakyJobs.length}>
        <thead><tr><th scope="col">Job</th><th scope="col">Workflow</th><th scope="col">Repository</th><th scope="col" className="num">Flaky commits</th><th scope="col" className="num">Flake rate</th><th scope="col">Last flake</th></tr></thead>
        <tbody>
          {insights.flakyJobs.map((j) => (
            <tr key={`${j.repository}/${j.workflowId}/${j.jobName}`}>
              <th scope="row">{j.jobName}</th><td>{workflow(j)}</td><td>{j.repository}</td>
              <td className="num">{j.flakyCommits} of {j.commits}</td><td className="num">{formatPercent(j.flakeRate)}</td>
              <td>{j.lastFlakeAt ? <time dateTime={j.lastFlakeAt}>{formatRelative(j.lastFlakeAt, now)}</time> : "—"}</td>
            </tr>
          ))}
        </tbody>
      </Section>
      <Section id="failing" title="Failing workflows" note="Failure rate: failed / (passed + failed) runs; cancelled and skipped runs do not count." empty="No failed runs." rows={insights.failingWorkflows.length}>
        <thead><tr><th scope="col">Workflow</th><th scope="col">Repository</th><th scope="col" className="num">Failures</th><th scope="col" className="num">Failure rate</th></tr></thead>
        <tbody>
          {insights.failingWorkflows.map((w) => (
            <tr key={`${w.repository}/${w.workflowId}`}>
              <th scope="row">{workflow(w)}</th><td>{w.repository}</td><td className="num">{w.failures} of {w.runs}</td><td className="num">{formatPercent(w.failureRate)}</td>
            </tr>
          ))}
        </tbody>
      </Section>
      <Section id="slowest" title="Slowest workflows" note="Run durations of passed and failed runs." empty="No finished runs." rows={insights.slowestWorkflows.length}>
        <thead><tr><th scope="col">Workflow</th><th scope="col">Repository</th><th scope="col" className="num">p50</th><th scope="col" className="num">p95</th><th scope="col" className="num">Runs</th></tr></thead>
        <tbody>
          {insights.slowestWorkflows.map((w) => (
            <tr key={`${w.repository}/${w.workflowId}`}>
              <th scope="row">{workflow(w)}</th><td>{w.repository}</td><td className="num">{formatSeconds(w.p50Seconds)}</td><td className="num">{formatSeconds(w.p95Seconds)}</td><td className="num">{w.runs}</td>
            </tr>
          ))}
        </tbody>
      </Section>
      <Section id="queues" title="Queue time by runner label" note="From a job's creation to its start; a job asking for several labels counts under each." empty="No jobs with queue times (job webhooks have not arrived for these repositories)." rows={insights.queueTimeByLabel.length}>
        <thead><tr><th scope="col">Label</th><th scope="col" className="num">p50</th><th scope="col" className="num">p95</th><th scope="col" className="num">Jobs</th></tr></thead>
        <tbody>
          {insights.queueTimeByLabel.map((l) => (
            <tr key={l.label}><th scope="row"><code>{l.label}</code></th><td className="num">{formatSeconds(l.p50Seconds)}</td><td className="num">{formatSeconds(l.p95Seconds)}</td><td className="num">{l.jobs}</td></tr>
          ))}
        </tbody>
      </Section>
    </>
  );
}

function Section({ id, title, note, empty, rows, children }: { id: string; title: string; note: string; empty: string; rows: number; children: ReactNode }) {
  return (
    <section aria-labelledby={`insights-${id}`}>
      <h2 id={`insights-${id}`} className="group-title">{title}</h2>
      <p className="muted small">{note}</p>
      {rows === 0 ? <p className="muted">{empty}</p> : <table className="table" aria-labelledby={`insights-${id}`}>{children}</table>}
    </section>
  );
}
