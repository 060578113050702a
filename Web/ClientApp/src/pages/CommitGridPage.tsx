import { useEffect, useId, useState, type FormEvent } from "react";
import { getCommitGrid } from "../api/endpoints";
import { errorMessage, repoPath } from "../api/http";
import type { CommitGrid } from "../api/types";
import { Empty, ErrorState, Loading } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { formatRelative } from "../lib/duration";
import { cellsOf, commitsPath, parseInsightsSearch, shortSha, workflowPath } from "../lib/insights";
import { Link, navigate, useLocation } from "../lib/router";
import { useNow } from "../lib/useNow";
import { PageTitle } from "./PageTitle";

/** A branch's latest commits as rows, its workflows as columns: each cell the workflow's latest run on that commit. */
export function CommitGridPage({ owner, repo }: { owner: string; repo: string }) {
  const fullName = `${owner}/${repo}`;
  const { search } = useLocation();
  const { branch } = parseInsightsSearch(search);
  const [grid, setGrid] = useState<CommitGrid | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [draft, setDraft] = useState(branch ?? "");
  const id = useId();

  useEffect(() => {
    const abort = new AbortController();
    setError(null);
    getCommitGrid(fullName, { branch }, abort.signal)
      .then((answer) => { setGrid(answer); setDraft(answer.branch); })
      .catch((e) => { if ((e as Error).name !== "AbortError") setError(errorMessage(e)); });
    return () => abort.abort();
  }, [fullName, branch, attempt]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(commitsPath(fullName, draft.trim() || null), { replace: true });
  };

  return (
    <>
      <p className="breadcrumb"><Link to="/">Dashboard</Link> / {fullName}</p>
      <PageTitle title={`Commits of ${fullName}`} />
      <form className="filters" aria-label="Branch" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-branch`}>Branch</label>
          <input id={`${id}-branch`} value={draft} placeholder="Default branch" onChange={(e) => setDraft(e.target.value)} />
        </div>
        <button type="submit" className="button">Show</button>
      </form>
      {error && <ErrorState title="The commits could not be loaded" message={error} onRetry={() => setAttempt(attempt + 1)} />}
      {!error && !grid && <Loading label="Loading commits…" />}
      {grid && !error && <Grid grid={grid} />}
    </>
  );
}

export function Grid({ grid }: { grid: CommitGrid }) {
  const now = useNow(false);
  if (grid.commits.length === 0) return <Empty title={`No runs on ${grid.branch} in the last 30 days`} />;
  return (
    <div className="grid-scroll">
      <table className="table commit-grid">
        <caption className="visually-hidden">Latest run of each workflow on the latest commits of {grid.branch}</caption>
        <thead>
          <tr>
            <th scope="col">Commit</th>
            {grid.workflows.map((w) => <th scope="col" key={w.id}><Link to={workflowPath(grid.repository, w.id, { branch: grid.branch })}>{w.name}</Link></th>)}
          </tr>
        </thead>
        <tbody>
          {grid.commits.map((commit) => (
            <tr key={commit.headSha}>
              <th scope="row">
                <code>{shortSha(commit.headSha)}</code> <span className="commit-message">{commit.message?.split("\n")[0] ?? ""}</span>
                <span className="muted small"> · {commit.actor?.login ?? "—"} · <time dateTime={commit.pushedAt}>{formatRelative(commit.pushedAt, now)}</time></span>
              </th>
              {cellsOf(commit.runs, grid.workflows).map((run, i) => (
                <td key={grid.workflows[i].id}>
                  {run
                    ? <Link to={`/runs/${repoPath(grid.repository)}/${run.runId}`} aria-label={`${grid.workflows[i].name} #${run.runNumber}`}>
                        <StatusBadge status={run.status} conclusion={run.conclusion} compact />
                      </Link>
                    : <span className="muted" aria-label="did not run">·</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
