import type { ReactNode } from "react";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}

export function ErrorState({ title = "Something went wrong", message, onRetry }: { title?: string; message: string; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <p className="state-title"><span aria-hidden="true">⚠ </span>{title}</p>
      <p>{message}</p>
      {onRetry && <button type="button" className="button" onClick={onRetry}>Try again</button>}
    </div>
  );
}

export function StaleNote({ stale, fetchedAt }: { stale: boolean; fetchedAt: string | null }) {
  if (!stale) return null;
  const when = fetchedAt ? new Date(fetchedAt).toLocaleTimeString() : "earlier";
  return <p className="stale-note" role="note"><span aria-hidden="true">⚠ </span>GitHub could not be reached: showing data from {when}.</p>;
}
