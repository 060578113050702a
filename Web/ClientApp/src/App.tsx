import { useCallback, useEffect, useMemo, useState } from "react";
import { getSession, getSettings, saveSettings, signOutSession } from "./api/endpoints";
import { ApiError, errorMessage, setCsrfToken, setUnauthorizedHandler } from "./api/http";
import type { Session, Settings } from "./api/types";
import { notifyFailedRun } from "./app/notifications";
import { NavLink, Routes } from "./app/routes";
import { AvatarMenu } from "./components/AvatarMenu";
import { ConnectionBadge } from "./components/ConnectionBadge";
import { ErrorState, Loading } from "./components/States";
import { AppContext, type AppContextValue } from "./context";
import { LiveStore } from "./live/store";
import { useLiveConnection } from "./live/useLiveConnection";
import { Link, navigate, useLocation } from "./lib/router";
import { applyTheme } from "./lib/theme";
import { Landing } from "./pages/Landing";
import { WallPage } from "./pages/WallPage";

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
    getSession().then(
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
  const live = useLiveConnection(store, session, settings, { onSessionEnded: () => onSignedOut(true), onUserChanged });
  const { pathname } = useLocation();

  useEffect(() => {
    const abort = new AbortController();
    setSettingsError(null);
    getSettings(abort.signal).then(setSettings, (e) => { if (e.name !== "AbortError") setSettingsError(errorMessage(e)); });
    return () => abort.abort();
  }, [attempt]);

  const theme = settings?.theme;
  useEffect(() => { if (theme) applyTheme(theme); }, [theme]);

  const notify = settings?.notifications.failedRunsOnPinned ?? false;
  useEffect(() => { store.setFailureNotifier(notify ? notifyFailedRun : null); }, [notify, store]);

  const save = useCallback(async (next: Settings) => {
    const saved = await saveSettings(next);
    setSettings(saved);
    return saved;
  }, []);

  const signOut = useCallback(async () => {
    await signOutSession();
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

  const context: AppContextValue = { session, settings, saveSettings: save, store, live, signOut };
  // The wall is for a TV: full screen, no navigation.
  if (pathname === "/wall") return <AppContext.Provider value={context}><WallPage /></AppContext.Provider>;
  return (
    <AppContext.Provider value={context}>
      <a href="#main" className="skip-link">Skip to content</a>
      <header className="topbar">
        <Link to="/" className="brand"><span aria-hidden="true">▶ </span>ActionsDashboard</Link>
        <nav aria-label="Main" className="mainnav">
          <NavLink to="/">Dashboard</NavLink>
          <NavLink to="/insights">Insights</NavLink>
          <NavLink to="/runners">Runners</NavLink>
          <NavLink to="/wall">Wall</NavLink>
          <NavLink to="/repositories">Repositories</NavLink>
          <NavLink to="/settings">Settings</NavLink>
        </nav>
        <ConnectionBadge />
        <AvatarMenu />
      </header>
      <main className="page" id="main">
        <Routes firstRun={settings.repositories.length === 0 && (settings.followedOwners ?? []).length === 0} />
      </main>
    </AppContext.Provider>
  );
}
