import { useEffect, useRef, useState } from "react";
import type { Session, Settings } from "../api/types";
import { startLive, type LiveController } from "./connection";
import type { LiveStore } from "./store";

/**
 * The live connection of a signed-in user's app: started with the session, not after the settings (the dashboard loads
 * alongside them, one round trip less), stopped when the user changes or the app unmounts. The polling interval and the
 * selection are read when needed, so they follow the settings without restarting it.
 */
export function useLiveConnection(store: LiveStore, session: Session, settings: Settings | null, handlers: {
  /** The hub closed because the session ended: sign in again and come back here. */
  onSessionEnded: () => void;
  /** Another user signed in in this browser since: start over as them. */
  onUserChanged: (session: Session) => void;
}): LiveController | null {
  const [live, setLive] = useState<LiveController | null>(null);
  const pollRef = useRef<number | null>(null);
  pollRef.current = settings?.autoRefresh.enabled ? settings.autoRefresh.intervalSeconds : null;
  const selectedRef = useRef<string[]>([]);
  selectedRef.current = settings?.repositories.map((r) => r.fullName) ?? [];
  const followsRef = useRef(false);
  followsRef.current = (settings?.followedOwners?.length ?? 0) > 0;
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const userId = session.userId;

  useEffect(() => {
    const controller = startLive(store, {
      pollSeconds: () => pollRef.current,
      // The selected repositories, and, for followed owners, whatever the dashboard shows (new ones appear there by themselves).
      selected: () => followsRef.current
        ? [...new Set([...selectedRef.current, ...(store.getState().dashboard?.repositories.map((r) => r.fullName) ?? [])])]
        : selectedRef.current,
      follows: () => followsRef.current,
      onSessionEnded: () => handlersRef.current.onSessionEnded(),
      userId,
      onUserChanged: (next) => handlersRef.current.onUserChanged(next),
    });
    setLive(controller);
    return () => { void controller.stop(); setLive(null); };
  }, [store, userId]);

  // The hub may have answered before the settings arrived: check it covers the selection.
  const selectionKey = settings?.repositories.map((r) => r.fullName).join("\n");
  useEffect(() => {
    if (live && selectionKey !== undefined) void live.ensureSubscribed();
  }, [live, selectionKey]);

  return live;
}
