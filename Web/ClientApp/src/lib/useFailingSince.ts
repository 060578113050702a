import { useEffect, useState } from "react";
import { getFailingSince } from "../api/endpoints";
import type { DashboardRepository, FailureStreak } from "../api/types";
import { failedRunIds } from "./insights";

/** How long to wait before asking once more about red rows the read model did not know yet. */
export const FAILING_SINCE_RETRY_MS = 3000;

/**
 * The failure streaks the dashboard's red rows end, by run id: one request whenever the set of red rows changes (not on
 * every live update). The live event can reach the browser before GitHubProxy.Api's read model has stored the run, so rows
 * missing from the answer are asked about once more a little later. A note, not essential: when it cannot be had, the rows
 * show without it.
 */
export function useFailingSince(repositories: DashboardRepository[] | undefined): Map<number, FailureStreak> {
  const key = repositories ? failedRunIds(repositories).join(",") : "";
  const [streaks, setStreaks] = useState<Map<number, FailureStreak>>(() => new Map());
  useEffect(() => {
    if (!key) {
      setStreaks(new Map());
      return;
    }
    const abort = new AbortController();
    const ids = key.split(",").map(Number);
    let retry: ReturnType<typeof setTimeout> | undefined;
    const ask = (again: boolean) => getFailingSince(ids, abort.signal)
      .then((answer) => {
        setStreaks(new Map(answer.runs.map((r) => [r.runId, r.since])));
        if (again && answer.runs.length < ids.length) retry = setTimeout(() => void ask(false), FAILING_SINCE_RETRY_MS);
      })
      .catch(() => { /* the rows stay without the note */ });
    void ask(true);
    return () => {
      abort.abort();
      clearTimeout(retry);
    };
  }, [key]);
  return streaks;
}
