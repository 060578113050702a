import { useEffect, useId, useRef, useState } from "react";
import { useApp } from "../context";
import { Link } from "../lib/router";
import { safeUrl } from "../lib/safeUrl";

export function Avatar({ url: given, login, size = 28 }: { url: string | null | undefined; login: string; size?: number }) {
  const url = safeUrl(given);
  if (!url) return <span className={`avatar avatar-${size} avatar-fallback`} aria-hidden="true">{login.slice(0, 1).toUpperCase()}</span>;
  return <img className={`avatar avatar-${size}`} src={url} alt="" width={size} height={size} loading="lazy" referrerPolicy="no-referrer" />;
}

/** The signed-in user's menu: who, settings, sign out. A disclosure button; Escape and clicks outside close it. */
export function AvatarMenu() {
  const { session, signOut } = useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === "Escape") { setOpen(false); button.current?.focus(); } };
    const onClick = (e: MouseEvent) => { if (!root.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => { document.removeEventListener("keydown", onKey); document.removeEventListener("mousedown", onClick); };
  }, [open]);

  const doSignOut = async () => {
    setBusy(true);
    setError(null);
    try {
      await signOut();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <div className="avatar-menu" ref={root}>
      <button ref={button} type="button" className="avatar-button" aria-expanded={open} aria-controls={menuId} onClick={() => setOpen(!open)}>
        <Avatar url={session.avatarUrl} login={session.login} />
        <span className="visually-hidden">Account menu for </span>
        <span className="avatar-login">{session.login}</span>
      </button>
      {open && (
        <div className="menu" id={menuId}>
          <p className="menu-who">Signed in as <strong>{session.name || session.login}</strong></p>
          <Link to="/settings" className="menu-item" onClick={() => setOpen(false)}>Settings</Link>
          <Link to="/repositories" className="menu-item" onClick={() => setOpen(false)}>Repositories</Link>
          <button type="button" className="menu-item" onClick={doSignOut} disabled={busy}>{busy ? "Signing out…" : "Sign out"}</button>
          {error && <p className="error-text" role="alert">{error}</p>}
        </div>
      )}
    </div>
  );
}
