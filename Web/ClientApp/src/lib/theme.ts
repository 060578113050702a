import type { Theme } from "../api/types";

const KEY = "actionsdashboard.theme";

/** Applies the theme to <html data-theme>; remembered locally only so the next load paints in it at once
 * (the setting itself lives on the server). */
export function applyTheme(theme: Theme) {
  document.documentElement.dataset.theme = theme;
  try { localStorage.setItem(KEY, theme); } catch { /* private mode */ }
}

export function applyRememberedTheme() {
  let theme: string | null = null;
  try { theme = localStorage.getItem(KEY); } catch { /* private mode */ }
  document.documentElement.dataset.theme = theme === "light" || theme === "dark" ? theme : "system";
}
