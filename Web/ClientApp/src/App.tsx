import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api, ApiError, errorMessage, setCsrfToken, setUnauthorizedHandler } from "./api/http";
import type { Session, Settings } from "./api/types";
import { AvatarMenu } from "./components/AvatarMenu";
import { ConnectionBadge } from "./components/ConnectionBadge";
import { ErrorState, Loading } from "./components/States";
import { AppContext, type AppContextValue } from "./context";
import { startLive, type LiveController } from "./live/connection";
import { LiveStore } from "./live/store";
import { Link, matchPath, navigate, useLocation } from "./lib/router";
import { applyTheme } from "./lib/theme";
import { DashboardPage } from "./pages/Dashboard";
import { Landing } from "./pages/Landing";
import { NotFound } from "./pages/NotFound";
import { RepoPickerPage } from "./pages/RepoPicker";
import { RunDetailPage } from "./pages/RunDetail";
import { SettingsPage } from "./pages/SettingsPage";

type SessionState =
  | { kind: "loading" }
  | { kind: "error"; message: string }
  | { kind: "signedOut"; expired: boolean }
  | { kind: "signedIn"; session: Session };

export function App() {
  const [state, setState] = useState<SessionState>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);
  const { pathname, search } = useLocation();

  useEffect(() => {
    let cancelled = false;
    api.get<Session>("/auth/session").then(
      (session) => { if (!cancelled) { setCsrfToken(session.csrfToken); setState({ kind: "signedIn", session }); } },
      (e) => {
        if (cancelled) return;
        if (e instanceof ApiError && e.status === 401) setState({ kind: "signedOut", expired: false });
        else setState({ kind: "error", message: errorMessage(e) });
      });
    return () => { cancelled = true; };
  }, [attempt]);

  // Any 401 from the services: the session is over; sign in again and come back here.
  useEffect(() => {
    setUnauthorizedHandler(() => { setCsrfToken(null); setState({ kind: "signedOut", expired: true }); });
    return () => setUnauthorizedHandler(null);
  }, []);

  switch (state.kind) {
    case "loading":
      return <main className="page" id="main"><Loading label="Checking your session…" /></main>;
    case "error":
      return <main className="page" id="main"><ErrorState title="ActionsDashboard is not reachable" message={state.message} onRetry={() => setAttempt(attempt + 1)} /></main>;
    case "signedOut":
      return <Landing returnUrl={pathname + search} expired={state.expired} />;
    case "signedIn":
      return <SignedInApp key={state.session.userId} session={state.session} onSignedOut={(expired) => {
        setCsrfToken(null);
        setState({ kind: "signedOut", expired });
        if (!expired) navigate("/");
      }} onUserChanged={(session) => setState({ kind: "signedIn", session })} />;
  }
}

function SignedInApp({ session, onSignedOut, onUserChanged }: {
  session: Session; onSignedOut: (expired: boolean) => void; onUserChanged: (session: Session) => void;
}) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [settingsError, setSettingsError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const store = useMemo(() => new LiveStore(), []);
  const [live, setLive] = useState<LiveController | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    setSettingsError(null);
    api.get<Settings>("/api/settings", abort.signal).then(setSettings, (e) => { if (e.name !== "AbortError") setSettingsError(errorMessage(e)); });
    return () => abort.abort();
  }, [attempt]);

  const theme = settings?.theme;
  useEffect(() => { if (theme) applyTheme(theme); }, [theme]);

  // The polling interval and the notification switch are read when needed, so they follow the settings.
  const pollSeconds = settings?.autoRefresh.enabled ? settings.autoRefresh.intervalSeconds : null;
  const notify = settings?.notifications.failedRunsOnPinned ?? false;
  const pollRef = useRef(pollSeconds);
  pollRef.current = pollSeconds;
  const selectedRef = useRef<string[]>([]);
  selectedRef.current = settings?.repositories.map((r) => r.fullName) ?? [];
  const signedOutRef = useRef(onSignedOut);
  signedOutRef.current = onSignedOut;
  const userChangedRef = useRef(onUserChanged);
  userChangedRef.current = onUserChanged;
  const userId = session.userId;

  // Started with the session, not after the settings: the dashboard loads alongside them (one round trip less).
  useEffect(() => {
    const controller = startLive(store, {
      pollSeconds: () => pollRef.current,
      selected: () => selectedRef.current,
      // The hub closed because the session ended: sign in again and come back here.
      onSessionEnded: () => signedOutRef.current(true),
      // Another user signed in in this browser since: start over as them (SignedInApp is keyed by user).
      userId,
      onUserChanged: (next) => userChangedRef.current(next),
    });
    setLive(controller);
    return () => { void controller.stop(); setLive(null); };
  }, [store, userId]);

  // The hub may have answered before the settings arrived: check it covers the selection.
  const selectionKey = settings?.repositories.map((r) => r.fullName).join("\n");
  useEffect(() => {
    if (live && selectionKey !== undefined) void live.ensureSubscribed();
  }, [live, selectionKey]);

  useEffect(() => {
    store.setFailureNotifier(notify ? (run, repo) => {
      if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
      const notification = new Notification(`${run.workflowName} failed in ${repo.fullName}`, {
        body: `${run.branch ?? ""} · ${run.commitMessage?.split("\n")[0] ?? run.displayTitle ?? ""}`.trim(),
        tag: `run-${run.id}-${run.runAttempt}`,
        icon: run.actor?.avatarUrl ?? undefined,
      });
      notification.onclick = () => { window.focus(); navigate(`/runs/${run.repository}/${run.id}`); };
    } : null);
  }, [notify, store]);

  const saveSettings = useCallback(async (next: Settings) => {
    const saved = await api.put<Settings>("/api/settings", next);
    setSettings(saved);
    return saved;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.post("/auth/logout");
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) throw e; // 401: already signed out
    }
    await live?.stop();
    store.reset();
    onSignedOut(false);
  }, [live, store, onSignedOut]);

  if (!settings) {
    return (
      <main className="page" id="main">
        {settingsError ? <ErrorState title="Your settings could not be loaded" message={settingsError} onRetry={() => setAttempt(attempt + 1)} /> : <Loading label="Loading your settings…" />}
      </main>
    );
  }

  const context: AppContextValue = { session, settings, saveSettings, store, live, signOut };
  return (
    <AppContext.Provider value={context}>
      <a href="#main" className="skip-link">Skip to content</a>
      <header className="topbar">
        <Link to="/" className="brand"><span aria-hidden="true">▶ </span>ActionsDashboard</Link>
        <nav aria-label="Main" className="mainnav">
          <NavLink to="/">Dashboard</NavLink>
          <NavLink to="/repositories">Repositories</NavLink>
          <NavLink to="/settings">Settings</NavLink>
        </nav>
        <ConnectionBadge />
        <AvatarMenu />
      </header>
      <main className="page" id="main">
        <Routes firstRun={settings.repositories.length === 0} />
      </main>
    </AppContext.Provider>
  );
}

function NavLink({ to, children }: { to: string; children: string }) {
  const { pathname } = useLocation();
  const current = to === "/" ? pathname === "/" : pathname.startsWith(to);
  return <Link to={to} aria-current={current ? "page" : undefined}>{children}</Link>;
}

function Routes({ firstRun }: { firstRun: boolean }) {
  const { pathname } = useLocation();
  if (pathname === "/" || pathname === "") return firstRun ? <RepoPickerPage firstRun /> : <DashboardPage />;
  if (pathname === "/repositories") return <RepoPickerPage firstRun={false} />;
  if (pathname === "/settings") return <SettingsPage />;
  const run = matchPath("/runs/:owner/:repo/:id", pathname);
  if (run && /^\d+$/.test(run.id)) return <RunDetailPage key={`${run.owner}/${run.repo}/${run.id}`} owner={run.owner} repo={run.repo} id={Number(run.id)} />;
  return <NotFound />;
}
