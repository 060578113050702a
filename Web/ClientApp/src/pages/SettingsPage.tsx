import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { ApiError, errorMessage } from "../api/http";
import type { Settings, Theme } from "../api/types";
import { useApp } from "../context";
import { Link } from "../lib/router";
import { applyTheme } from "../lib/theme";
import { PageTitle } from "./PageTitle";

const THEMES: [Theme, string][] = [["system", "System"], ["light", "Light"], ["dark", "Dark"]];

export function SettingsPage() {
  const { settings, saveSettings } = useApp();
  const [draft, setDraft] = useState<Settings>(settings);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<{ kind: "done" | "error"; text: string } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [permissionNote, setPermissionNote] = useState<string | null>(null);
  const id = useId();

  // The theme previews at once; leaving without saving puts the saved one back.
  const savedTheme = useRef(settings.theme);
  savedTheme.current = settings.theme;
  useEffect(() => () => applyTheme(savedTheme.current), []);

  const change = (next: Settings) => { setDraft(next); setStatus(null); };

  // The browser's permission prompt only when the person turns notifications on.
  const toggleNotifications = async (on: boolean) => {
    setPermissionNote(null);
    if (on) {
      if (typeof Notification === "undefined") { setPermissionNote("This browser cannot show notifications."); return; }
      let permission = Notification.permission;
      if (permission === "default") permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setPermissionNote("Notifications are blocked for this site. Allow them in the browser's site settings, then try again.");
        return;
      }
    }
    change({ ...draft, notifications: { failedRunsOnPinned: on } });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setStatus(null);
    setFieldErrors({});
    try {
      const saved = await saveSettings(draft);
      setDraft(saved);
      setStatus({ kind: "done", text: "Settings saved." });
    } catch (e) {
      if (e instanceof ApiError && e.problem?.errors) setFieldErrors(e.problem.errors);
      setStatus({ kind: "error", text: `Could not save: ${errorMessage(e)}` });
    } finally {
      setSaving(false);
    }
  };

  const errorFor = (...fields: string[]) => Object.entries(fieldErrors).filter(([k]) => fields.some((f) => k.toLowerCase().startsWith(f.toLowerCase()))).flatMap(([, v]) => v);
  const intervalErrors = errorFor("autoRefresh");

  return (
    <>
      <PageTitle title="Settings" />
      <form onSubmit={submit} className="settings" noValidate>
        <fieldset>
          <legend>Theme</legend>
          {THEMES.map(([value, label]) => (
            <label key={value} className="radio">
              <input type="radio" name="theme" value={value} checked={draft.theme === value}
                onChange={() => { applyTheme(value); change({ ...draft, theme: value }); }} />
              {label}
            </label>
          ))}
          <p className="hint">Applied now; saved with the button below.</p>
        </fieldset>
        <fieldset>
          <legend>Auto-refresh</legend>
          <label className="checkbox">
            <input type="checkbox" checked={draft.autoRefresh.enabled} onChange={(e) => change({ ...draft, autoRefresh: { ...draft.autoRefresh, enabled: e.target.checked } })} />
            Refresh the dashboard when live updates are unavailable
          </label>
          <div className="field">
            <label htmlFor={`${id}-interval`}>Every (seconds, 15 to 3600)</label>
            <input id={`${id}-interval`} type="number" min={15} max={3600} step={1} inputMode="numeric" value={draft.autoRefresh.intervalSeconds}
              disabled={!draft.autoRefresh.enabled} aria-invalid={intervalErrors.length > 0} aria-describedby={intervalErrors.length ? `${id}-interval-error` : undefined}
              onChange={(e) => change({ ...draft, autoRefresh: { ...draft.autoRefresh, intervalSeconds: Number(e.target.value) } })} />
            {intervalErrors.length > 0 && <p id={`${id}-interval-error`} className="error-text">{intervalErrors.join(" ")}</p>}
          </div>
        </fieldset>
        <fieldset>
          <legend>Notifications</legend>
          <label className="checkbox">
            <input type="checkbox" checked={draft.notifications.failedRunsOnPinned} onChange={(e) => void toggleNotifications(e.target.checked)} />
            Notify me in this browser when a run fails in a pinned repository
          </label>
          {permissionNote && <p className="error-text" role="alert">{permissionNote}</p>}
        </fieldset>
        <fieldset>
          <legend>Team alerts</legend>
          <p className="hint">Send failures, recoveries and long-queued runs to Slack, Teams, a webhook or e-mail, even when this page is closed.</p>
          <p><Link to="/settings/alerts">Manage alert rules</Link></p>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={saving}>{saving ? "Saving…" : "Save settings"}</button>
          <span aria-live="polite">{status && <span className={status.kind === "error" ? "error-text" : "success-text"}>{status.text}</span>}</span>
        </div>
      </form>
    </>
  );
}
