import { statusInfo } from "../lib/runs";

/** Status and conclusion as icon + word + colour: readable without colour, announced by screen readers. */
export function StatusBadge({ status, conclusion, compact = false }: { status: string; conclusion: string | null; compact?: boolean }) {
  const info = statusInfo(status, conclusion);
  return (
    <span className={`status status-${info.tone}${compact ? " status-compact" : ""}`} title={info.label} data-status={status} data-conclusion={conclusion ?? ""}>
      <span className="status-icon" aria-hidden="true">{info.icon}</span>
      <span className={compact ? "visually-hidden" : "status-label"}>{info.label}</span>
    </span>
  );
}
