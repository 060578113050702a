import { between, durationInWords, formatDuration } from "../lib/duration";
import { useNow } from "../lib/useNow";

/** A duration from `from` to `to`, or to now (ticking every second) while `to` is null and `running`. */
export function Elapsed({ from, to, running, label }: { from: string | null; to: string | null; running: boolean; label?: string }) {
  const now = useNow(running && !to);
  const ms = between(from, to ?? (running ? now : null));
  if (ms === null) return <span className="muted">—</span>;
  return (
    <time dateTime={`PT${Math.floor(ms / 1000)}S`} title={label ? `${label}: ${durationInWords(ms)}` : durationInWords(ms)} className={running && !to ? "ticking" : undefined}>
      {formatDuration(ms)}
    </time>
  );
}
