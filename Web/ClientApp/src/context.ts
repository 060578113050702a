import { createContext, useContext, useSyncExternalStore } from "react";
import type { Session, Settings } from "./api/types";
import type { LiveController } from "./live/connection";
import type { LiveState, LiveStore } from "./live/store";

export type AppContextValue = {
  session: Session;
  settings: Settings;
  saveSettings: (settings: Settings) => Promise<Settings>;
  store: LiveStore;
  live: LiveController | null;
  signOut: () => Promise<void>;
};

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error("useApp outside the signed-in app");
  return value;
}

export function useLive<T>(select: (state: LiveState) => T): T {
  const { store } = useApp();
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
