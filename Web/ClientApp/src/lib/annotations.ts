import type { Annotation } from "../api/types";

const levelOrder: Record<string, number> = { failure: 0, warning: 1, notice: 2 };

/** `path:line`, or `path:start-end` for a range, as an editor reads it. */
export function annotationLocation(annotation: Pick<Annotation, "path" | "startLine" | "endLine">): string {
  const { path, startLine, endLine } = annotation;
  if (!startLine) return path;
  return endLine && endLine !== startLine ? `${path}:${startLine}-${endLine}` : `${path}:${startLine}`;
}

/**
 * Failures first, then warnings and notices, each kept in GitHub's order; the runner's own ".github" "Process completed
 * with exit code N." goes after the annotations that name a file, which say more.
 */
export function sortAnnotations(annotations: readonly Annotation[]): Annotation[] {
  const rank = (a: Annotation) => (levelOrder[a.level] ?? 3) * 2 + (a.path === ".github" ? 1 : 0);
  return annotations.map((a, i) => ({ a, i })).sort((x, y) => rank(x.a) - rank(y.a) || x.i - y.i).map((x) => x.a);
}

/** The time of a log line as a person reads it (UTC, to the second), or "" when the line had none. */
export function logTime(time: string | null): string {
  if (!time) return "";
  const match = /^\d{4}-\d\d-\d\dT(\d\d:\d\d:\d\d)/.exec(time);
  return match ? match[1] : "";
}

/** GitHub's workflow commands in a log (`##[error]`, `##[group]`, ...): the kind, and the text without the marker. */
export function logCommand(text: string): { kind: "error" | "warning" | "group" | "endgroup" | null; text: string } {
  const match = /^##\[(error|warning|group|endgroup)\](.*)$/.exec(text);
  return match ? { kind: match[1] as "error" | "warning" | "group" | "endgroup", text: match[2] } : { kind: null, text };
}
