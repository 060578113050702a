import type { FailureNotifier } from "../live/store";
import { navigate } from "../lib/router";

/**
 * A desktop notification for a run that failed in a pinned repository (the store decides which runs), when the user
 * turned them on in the settings and the browser granted the permission; clicking it opens the run. One notification
 * per run attempt: a second event of the same attempt replaces it rather than adding another.
 */
export const notifyFailedRun: FailureNotifier = (run, repository) => {
  if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
  const notification = new Notification(`${run.workflowName} failed in ${repository.fullName}`, {
    body: `${run.branch ?? ""} · ${run.commitMessage?.split("\n")[0] ?? run.displayTitle ?? ""}`.trim(),
    tag: `run-${run.id}-${run.runAttempt}`,
    icon: run.actor?.avatarUrl ?? undefined,
  });
  notification.onclick = () => { window.focus(); navigate(`/runs/${run.repository}/${run.id}`); };
};
