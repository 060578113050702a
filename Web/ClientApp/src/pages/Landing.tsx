import { signInUrl } from "../api/http";

/** Signed out: what the product is, and the way in. `returnUrl` brings the person back where they were. */
export function Landing({ returnUrl, expired }: { returnUrl: string; expired: boolean }) {
  return (
    <main className="landing" id="main">
      <h1>ActionsDashboard</h1>
      <p className="lead">Every GitHub Actions workflow run across the repositories you pick, live, on one page.</p>
      {expired && <p className="notice" role="alert">Your session has ended. Sign in again to carry on where you were.</p>}
      <ul className="features">
        <li>Pick repositories across all your organisations and accounts; group them and pin the important ones.</li>
        <li>See the latest run of every workflow and branch, updated live as GitHub reports it.</li>
        <li>Open a run's jobs and steps; re-run or cancel it when you have permission.</li>
      </ul>
      <a className="button button-primary button-large" href={signInUrl(returnUrl)} data-testid="sign-in">
        <svg aria-hidden="true" viewBox="0 0 16 16" width="20" height="20" className="github-mark"><path fill="currentColor" d="M8 0C3.58 0 0 3.58 0 8c0 3.54 2.29 6.53 5.47 7.59.4.07.55-.17.55-.38 0-.19-.01-.82-.01-1.49-2.01.37-2.53-.49-2.69-.94-.09-.23-.48-.94-.82-1.13-.28-.15-.68-.52-.01-.53.63-.01 1.08.58 1.23.82.72 1.21 1.87.87 2.33.66.07-.52.28-.87.51-1.07-1.78-.2-3.64-.89-3.64-3.95 0-.87.31-1.59.82-2.15-.08-.2-.36-1.02.08-2.12 0 0 .67-.21 2.2.82.64-.18 1.32-.27 2-.27.68 0 1.36.09 2 .27 1.53-1.04 2.2-.82 2.2-.82.44 1.1.16 1.92.08 2.12.51.56.82 1.27.82 2.15 0 3.07-1.87 3.75-3.65 3.95.29.25.54.73.54 1.48 0 1.07-.01 1.93-.01 2.2 0 .21.15.46.55.38A8.013 8.013 0 0016 8c0-4.42-3.58-8-8-8z" /></svg>
        Sign in with GitHub
      </a>
      <p className="muted small">We ask GitHub for read access to your repositories' Actions; re-runs and cancels use your own permissions.</p>
    </main>
  );
}
