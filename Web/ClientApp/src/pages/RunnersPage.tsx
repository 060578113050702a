import { useEffect, useId, useState } from "react";
import { getRunnerQueues } from "../api/endpoints";
import { errorMessage } from "../api/http";
import type { RepositoryRunners, RunnerQueues, RunnerState } from "../api/types";
import { LineChart } from "../components/LineChart";
import { Empty, ErrorState, Loading } from "../components/States";
import { formatDuration } from "../lib/duration";
import { formatSeconds } from "../lib/insights";
import { Link, navigate, useLocation } from "../lib/router";
import { dailySeries, DEFAULT_RUNNER_DAYS, parseRunnerDays, RUNNER_DAY_CHOICES } from "../lib/runners";
import { useNow } from "../lib/useNow";
import { PageTitle } from "./PageTitle";

/** Runner queues across the dashboard's repositories: jobs waiting now per runs-on label, and how long jobs waited per label. */
export function RunnersPage() {
  const { search } = useLocation();
  const days = parseRunnerDays(search);
  const [queues, setQueues] = useState<RunnerQueues | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const id = useId();

  useEffect(() => {
    const abort = new AbortController();
    setError(null);
    getRunnerQueues(days, abort.signal)
      .then(setQueues)
      .catch((e) => { if ((e as Error).name !== "AbortError") setError(errorMessage(e)); });
    // What waits now changes by the minute: reload once a minute while the page is open.
    const timer = setInterval(() => setAttempt((a) => a + 1), 60_000);
    return () => { abort.abort(); clearInterval(timer); };
  }, [days, attempt]);

  return (
    <>
      <PageTitle title="Runners" />
      <form className="filters" aria-label="Window" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-days`}>Window</label>
          <select id={`${id}-days`} value={days} onChange={(e) => {
            const next = Number(e.target.value);
            navigate(next === DEFAULT_RUNNER_DAYS ? "/runners" : `/runners?days=${next}`, { replace: true });
          }}>
            {RUNNER_DAY_CHOICES.map((d) => <option key={d} value={d}>{d === 1 ? "Today" : `Last ${d} days`}</option>)}
          </select>
        </div>
      </form>
      {error && <ErrorState title="The runner queues could not be loaded" message={error} onRetry={() => setAttempt(attempt + 1)} />}
      {!error && !queues && <Loading label="Loading runner queues…" />}
      {queues && !error && <RunnerTables queues={queues} />}
    </>
  );
}

export function RunnerTables({ queues }: { queues: RunnerQueues }) {
  const now = useNow(true);
  if (queues.repositories.length === 0) {
    return <Empty title="No repositories selected"><p><Link to="/repositories">Pick repositories</Link> to see their runner queues.</p></Empty>;
  }
  const loadedAt = Date.parse(queues.generatedAt);
  return (
    <>
      <p className="summary">Across {queues.repositories.length} {queues.repositories.length === 1 ? "repository" : "repositories"}, from job webhooks; a job asking for several labels counts under each.</p>
      <section aria-labelledby="runners-waiting">
        <h2 id="runners-waiting" className="group-title">Waiting now</h2>
        {queues.waiting.length === 0 ? <p className="muted">No job is waiting for a runner.</p> : (
          <table className="table" aria-labelledby="runners-waiting">
            <thead><tr><th scope="col">Label</th><th scope="col" className="num">Jobs waiting</th><th scope="col" className="num">Oldest waits for</th></tr></thead>
            <tbody>
              {queues.waiting.map((w) => (
                <tr key={w.label} data-label={w.label}>
                  <th scope="row"><code>{w.label}</code></th><td className="num">{w.jobs}</td>
                  <td className="num"><time dateTime={w.oldestCreatedAt}>{formatDuration((w.oldestWaitSeconds * 1000) + Math.max(0, now - loadedAt))}</time></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="runners-waits">
        <h2 id="runners-waits" className="group-title">Wait for a runner, last {queues.days} {queues.days === 1 ? "day" : "days"}</h2>
        {queues.labels.length === 0 ? <p className="muted">No started jobs in this window (job webhooks have not arrived for these repositories).</p> : (
          <>
            <table className="table" aria-labelledby="runners-waits">
              <thead><tr><th scope="col">Label</th><th scope="col" className="num">p50</th><th scope="col" className="num">p95</th><th scope="col" className="num">Jobs</th></tr></thead>
              <tbody>
                {queues.labels.map((l) => (
                  <tr key={l.label} data-label={l.label}><th scope="row"><code>{l.label}</code></th><td className="num">{formatSeconds(l.p50Seconds)}</td><td className="num">{formatSeconds(l.p95Seconds)}</td><td className="num">{l.jobs}</td></tr>
                ))}
              </tbody>
            </table>
            <div className="charts">
              {queues.labels.slice(0, 6).map((l) => {
                const series = dailySeries(queues.since, queues.days, l.daily);
                return <LineChart key={l.label} title={`${l.label}: p95 wait per day`} labels={series.dates} values={series.p95} format={formatSeconds} />;
              })}
            </div>
          </>
        )}
      </section>
      <SelfHostedRunners repositories={queues.selfHosted ?? []} />
    </>
  );
}

const STATE_TEXT: Record<RunnerState, string> = { busy: "Busy", idle: "Idle", offline: "Offline" };
const STATE_CLASS: Record<RunnerState, string> = { busy: "status-running", idle: "status-success", offline: "status-neutral" };

/** The self-hosted runners of repositories whose jobs asked for them: busy first, then idle, then offline. */
export function SelfHostedRunners({ repositories }: { repositories: RepositoryRunners[] }) {
  const order: RunnerState[] = ["busy", "idle", "offline"];
  return (
    <section aria-labelledby="runners-self-hosted">
      <h2 id="runners-self-hosted" className="group-title">Self-hosted runners</h2>
      {repositories.length === 0 ? <p className="muted">No job in this window asked for a self-hosted runner.</p> : repositories.map((r) => {
        const counts = order.map((state) => [state, r.runners.filter((runner) => runner.state === state).length] as const).filter(([, n]) => n > 0);
        return (
          <div key={r.repository} className="runner-repository" data-repository={r.repository}>
            <h3>{r.repository}{r.stale && <span className="chip chip-warning" title="GitHub could not be asked just now: this is the last answer">not current</span>}</h3>
            {!r.visible ? <p className="muted" data-testid="runners-hidden">{r.note}</p>
              : r.runners.length === 0 ? <p className="muted">No self-hosted runner is registered to this repository (it may use the organisation's).</p> : (
                <>
                  <p className="summary">{counts.map(([state, n]) => `${n} ${STATE_TEXT[state].toLowerCase()}`).join(", ")}</p>
                  <table className="table" aria-label={`Self-hosted runners of ${r.repository}`}>
                    <thead><tr><th scope="col">Runner</th><th scope="col">State</th><th scope="col">Labels</th></tr></thead>
                    <tbody>
                      {[...r.runners].sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state) || a.name.localeCompare(b.name)).map((runner) => (
                        <tr key={runner.id} data-runner={runner.name} data-state={runner.state}>
                          <th scope="row">{runner.name}</th>
                          <td><span className={`status status-compact ${STATE_CLASS[runner.state]}`}>{STATE_TEXT[runner.state]}</span></td>
                          <td>{runner.labels.map((l) => <code key={l} className="chip">{l}</code>)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              )}
          </div>
        );
      })}
    </section>
  );
}
