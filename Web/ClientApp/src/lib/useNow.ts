import { useSyncExternalStore } from "react";

// One shared one-second clock for every ticking duration on the page (one timer, not one per row).
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, re-rendering once a second while `ticking`. */
export function useNow(ticking = true): number {
  const value = useSyncExternalStore(ticking ? subscribe : noSubscribe, () => now);
  return ticking ? value : Date.now();
}

const noSubscribe = () => () => {};
