import { useEffect, useState } from "react";
import { getFailingSince } from "../api/endpoints";
import type { DashboardRepository, FailureStreak } from "../api/types";
import { failedRunIds } from "./insights";

/**
 * The failure streaks the dashboard's red rows end, by run id: one request whenever the set of red rows changes (not on
 * every live update). A note, not essential: when it cannot be had, the rows show without it.
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
    getFailingSince(key.split(",").map(Number), abort.signal)
      .then((answer) => setStreaks(new Map(answer.runs.map((r) => [r.runId, r.since]))))
      .catch(() => { /* the rows stay without the note */ });
    return () => abort.abort();
  }, [key]);
  return streaks;
}
