import { Link, matchPath, useLocation } from "../lib/router";
import { AlertsPage } from "../pages/AlertsPage";
import { CommitGridPage } from "../pages/CommitGridPage";
import { DashboardPage } from "../pages/Dashboard";
import { InsightsPage } from "../pages/InsightsPage";
import { NotFound } from "../pages/NotFound";
import { RepoPickerPage } from "../pages/RepoPicker";
import { RunDetailPage } from "../pages/RunDetail";
import { RunnersPage } from "../pages/RunnersPage";
import { SettingsPage } from "../pages/SettingsPage";
import { WorkflowPage } from "../pages/WorkflowPage";

/** The signed-in app's pages by path; before any repository is selected, the dashboard's place is the picker. */
export function Routes({ firstRun }: { firstRun: boolean }) {
  const { pathname } = useLocation();
  if (pathname === "/" || pathname === "") return firstRun ? <RepoPickerPage firstRun /> : <DashboardPage />;
  if (pathname === "/repositories") return <RepoPickerPage firstRun={false} />;
  if (pathname === "/settings") return <SettingsPage />;
  if (pathname === "/settings/alerts") return <AlertsPage />;
  if (pathname === "/insights") return <InsightsPage />;
  if (pathname === "/runners") return <RunnersPage />;
  const commits = matchPath("/repos/:owner/:repo/commits", pathname);
  if (commits) return <CommitGridPage key={`${commits.owner}/${commits.repo}`} owner={commits.owner} repo={commits.repo} />;
  const workflow = matchPath("/repos/:owner/:repo/workflows/:workflowId", pathname);
  if (workflow && /^\d+$/.test(workflow.workflowId)) {
    const key = `${workflow.owner}/${workflow.repo}/${workflow.workflowId}`;
    return <WorkflowPage key={key} owner={workflow.owner} repo={workflow.repo} workflowId={Number(workflow.workflowId)} />;
  }
  const run = matchPath("/runs/:owner/:repo/:id", pathname);
  if (run && /^\d+$/.test(run.id)) return <RunDetailPage key={`${run.owner}/${run.repo}/${run.id}`} owner={run.owner} repo={run.repo} id={Number(run.id)} />;
  return <NotFound />;
}

/** A link of the main navigation, marked as the current page while its section is shown. */
export function NavLink({ to, children }: { to: string; children: string }) {
  const { pathname } = useLocation();
  const current = to === "/" ? pathname === "/" : pathname.startsWith(to);
  return <Link to={to} aria-current={current ? "page" : undefined}>{children}</Link>;
}
