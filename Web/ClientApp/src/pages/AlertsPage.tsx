import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { createAlertRule, deleteAlertRule, listAlertDeliveries, listAlertRules, listMyTeams, testAlertRule, updateAlertRule } from "../api/endpoints";
import { ApiError, errorMessage } from "../api/http";
import type { AlertDelivery, AlertDestinationType, AlertEvent, AlertRule, AlertRuleRequest, GitHubTeam } from "../api/types";
import { ErrorState, Loading } from "../components/States";
import { Link } from "../lib/router";
import { PageTitle } from "./PageTitle";

const EVENTS: [AlertEvent, string][] = [["failure", "A run fails"], ["recovery", "A run succeeds after a failure"], ["queued", "A run or job stays queued"]];
const DESTINATIONS: [AlertDestinationType, string][] = [["slack", "Slack webhook"], ["teams", "Microsoft Teams webhook"], ["webhook", "Signed JSON webhook"], ["email", "E-mail"]];

type Draft = {
  name: string; repository: string; branch: string; workflow: string; events: AlertEvent[]; queuedMinutes: string;
  type: AlertDestinationType; url: string; address: string; secret: string;
  /** organization/slug, or "" for "Only me". */
  team: string;
};

const emptyDraft: Draft = { name: "", repository: "", branch: "", workflow: "", events: ["failure", "recovery"], queuedMinutes: "10", type: "slack", url: "", address: "", secret: "", team: "" };

function draftOf(rule: AlertRule): Draft {
  return {
    name: rule.name, repository: rule.repository, branch: rule.branch ?? "", workflow: rule.workflow ?? "", events: rule.events,
    queuedMinutes: String(rule.queuedMinutes ?? 10), type: rule.destination.type, url: "", address: rule.destination.address ?? "", secret: "",
    team: rule.team ?? "",
  };
}

function requestOf(draft: Draft): AlertRuleRequest {
  const queued = draft.events.includes("queued");
  return {
    name: draft.name, repository: draft.repository.trim(), branch: draft.branch.trim() || null, workflow: draft.workflow.trim() || null, events: draft.events,
    queuedMinutes: queued ? Number(draft.queuedMinutes) : null,
    destination: draft.type === "email"
      ? { type: draft.type, address: draft.address.trim() }
      : { type: draft.type, ...(draft.url.trim() ? { url: draft.url.trim() } : {}), ...(draft.secret ? { secret: draft.secret } : {}) },
    team: draft.team || null,
  };
}

function destinationText(rule: AlertRule) {
  const kind = DESTINATIONS.find(([t]) => t === rule.destination.type)?.[1] ?? rule.destination.type;
  return rule.destination.type === "email" ? `${kind} to ${rule.destination.address}` : `${kind} (${rule.destination.host})`;
}

/**
 * /settings/alerts: the person's alert rules and their GitHub teams' (Alerts.Api), a form to add or edit one (with an
 * optional team from /api/user/teams), "Send test", and the delivery history.
 */
export function AlertsPage() {
  const [rules, setRules] = useState<AlertRule[] | null>(null);
  const [deliveries, setDeliveries] = useState<AlertDelivery[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<AlertRule | "new" | null>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [status, setStatus] = useState<{ kind: "done" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [teams, setTeams] = useState<GitHubTeam[]>([]);
  const id = useId();

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const [loadedRules, loadedDeliveries] = await Promise.all([listAlertRules(), listAlertDeliveries()]);
      setRules(loadedRules);
      setDeliveries(loadedDeliveries);
    } catch (e) {
      setLoadError(errorMessage(e));
    }
  }, []);

  useEffect(() => { void load(); }, [load]);

  // The teams a rule may be shared with. Without them (GitHub refused, or the app lacks "Members: read"), "Only me" remains.
  useEffect(() => {
    const controller = new AbortController();
    listMyTeams(controller.signal).then((r) => setTeams(r.teams), () => setTeams([]));
    return () => controller.abort();
  }, []);

  const startEdit = (rule: AlertRule | "new") => {
    setEditing(rule);
    setDraft(rule === "new" ? emptyDraft : draftOf(rule));
    setFieldErrors({});
    setStatus(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFieldErrors({});
    setStatus(null);
    try {
      if (editing === "new") await createAlertRule(requestOf(draft));
      else if (editing) await updateAlertRule(editing.id, requestOf(draft));
      setEditing(null);
      setStatus({ kind: "done", text: "Alert rule saved." });
      await load();
    } catch (e) {
      if (e instanceof ApiError && e.problem?.errors) setFieldErrors(e.problem.errors);
      setStatus({ kind: "error", text: `Could not save: ${errorMessage(e)}` });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (rule: AlertRule) => {
    if (!window.confirm(`Delete the alert rule "${rule.name}"?`)) return;
    setStatus(null);
    try {
      await deleteAlertRule(rule.id);
      setStatus({ kind: "done", text: `Deleted "${rule.name}".` });
      await load();
    } catch (e) {
      setStatus({ kind: "error", text: `Could not delete: ${errorMessage(e)}` });
    }
  };

  const sendTest = async (rule: AlertRule) => {
    setStatus(null);
    try {
      const delivery = await testAlertRule(rule.id);
      setStatus(delivery.status === "sent"
        ? { kind: "done", text: `Test alert sent to ${destinationText(rule)}.` }
        : { kind: "error", text: `Test alert failed: ${delivery.lastError ?? "no answer"}` });
      await load();
    } catch (e) {
      setStatus({ kind: "error", text: `Could not send a test: ${errorMessage(e)}` });
    }
  };

  const errorFor = (field: string) => Object.entries(fieldErrors).filter(([k]) => k.toLowerCase() === field.toLowerCase()).flatMap(([, v]) => v);
  const field = (name: keyof Draft, label: string, key: string, props: { type?: string; placeholder?: string; hint?: string } = {}) => {
    const errors = errorFor(key);
    return (
      <div className="field field-grow">
        <label htmlFor={`${id}-${name}`}>{label}</label>
        <input id={`${id}-${name}`} type={props.type ?? "text"} value={String(draft[name])} placeholder={props.placeholder}
          aria-invalid={errors.length > 0} aria-describedby={errors.length ? `${id}-${name}-error` : undefined}
          onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} />
        {props.hint && <p className="hint">{props.hint}</p>}
        {errors.length > 0 && <p id={`${id}-${name}-error`} className="error-text">{errors.join(" ")}</p>}
      </div>
    );
  };

  if (loadError && !rules) return <ErrorState title="Your alert rules could not be loaded" message={loadError} onRetry={() => void load()} />;
  if (!rules) return <Loading label="Loading your alert rules…" />;
  const keepsUrl = editing !== null && editing !== "new" && editing.destination.type === draft.type;

  return (
    <>
      <PageTitle title="Alerts" />
      <p><Link to="/settings">← Settings</Link></p>
      <p className="hint">Alerts are sent by the server, so they arrive even when no one has this page open.</p>
      <span aria-live="polite">{status && <p className={status.kind === "error" ? "error-text" : "success-text"}>{status.text}</p>}</span>

      <h2>Rules</h2>
      {rules.length === 0 ? <p>No alert rules yet.</p> : (
        <table className="table">
          <thead><tr><th>Name</th><th>Team</th><th>Repository</th><th>Branch</th><th>Events</th><th>Destination</th><th><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.id}>
                <th scope="row">{rule.name}</th>
                <td>{rule.team ?? "Only me"}</td>
                <td>{rule.repository}{rule.workflow ? ` · ${rule.workflow}` : ""}</td>
                <td>{rule.branch ?? "default branch"}</td>
                <td>{rule.events.map((e) => e === "queued" ? `queued > ${rule.queuedMinutes} min` : e).join(", ")}</td>
                <td>{destinationText(rule)}</td>
                <td>
                  <button type="button" className="button" onClick={() => void sendTest(rule)}>Send test</button>{" "}
                  <button type="button" className="button" onClick={() => startEdit(rule)}>Edit</button>{" "}
                  <button type="button" className="button button-danger" onClick={() => void remove(rule)}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing === null && <button type="button" className="button button-primary" onClick={() => startEdit("new")}>Add an alert rule</button>}

      {editing !== null && (
        <form onSubmit={submit} className="settings" noValidate aria-label={editing === "new" ? "New alert rule" : `Edit ${editing.name}`}>
          <fieldset>
            <legend>{editing === "new" ? "New alert rule" : `Edit “${editing.name}”`}</legend>
            {field("name", "Name", "name")}
            {field("repository", "Repository", "repository", { placeholder: "owner/name or owner/*" })}
            {field("branch", "Branch", "branch", { placeholder: "default branch", hint: "Leave empty for the default branch; * matches anything (release/*)." })}
            {field("workflow", "Workflow (optional)", "workflow", { placeholder: "ci.yml or its name" })}
            <div className="field">
              <label htmlFor={`${id}-team`}>Team</label>
              <select id={`${id}-team`} value={draft.team} aria-invalid={errorFor("team").length > 0}
                aria-describedby={errorFor("team").length ? `${id}-team-error` : undefined}
                onChange={(e) => setDraft({ ...draft, team: e.target.value })}>
                <option value="">Only me</option>
                {teams.map((t) => <option key={t.team} value={t.team}>{t.team} ({t.name})</option>)}
                {draft.team && !teams.some((t) => t.team === draft.team) && <option value={draft.team}>{draft.team}</option>}
              </select>
              <p className="hint">A team's rule is shown to, and editable by, every member of that GitHub team.</p>
              {errorFor("team").length > 0 && <p id={`${id}-team-error`} className="error-text">{errorFor("team").join(" ")}</p>}
            </div>
          </fieldset>
          <fieldset>
            <legend>When</legend>
            {EVENTS.map(([value, label]) => (
              <label key={value} className="checkbox">
                <input type="checkbox" checked={draft.events.includes(value)}
                  onChange={(e) => setDraft({ ...draft, events: e.target.checked ? [...draft.events, value] : draft.events.filter((v) => v !== value) })} />
                {label}
              </label>
            ))}
            {errorFor("events").length > 0 && <p className="error-text">{errorFor("events").join(" ")}</p>}
            {draft.events.includes("queued") && field("queuedMinutes", "Queued for more than (minutes, 1 to 1440)", "queuedMinutes", { type: "number" })}
          </fieldset>
          <fieldset>
            <legend>Send to</legend>
            <div className="field">
              <label htmlFor={`${id}-type`}>Destination</label>
              <select id={`${id}-type`} value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value as AlertDestinationType })}>
                {DESTINATIONS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
              </select>
              {errorFor("destination.type").length > 0 && <p className="error-text">{errorFor("destination.type").join(" ")}</p>}
            </div>
            {draft.type === "email"
              ? field("address", "E-mail address", "destination.address", { type: "email" })
              : field("url", "Webhook URL", "destination.url", { type: "url", placeholder: keepsUrl ? "unchanged (kept secret)" : "https://…" })}
            {draft.type === "webhook" && field("secret", "Signing secret (16 characters or more)", "destination.secret",
              { type: "password", placeholder: keepsUrl && (editing as AlertRule).destination.hasSecret ? "unchanged" : "", hint: "Requests carry X-ActionsDashboard-Signature-256: sha256=<HMAC of the body>." })}
          </fieldset>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>{busy ? "Saving…" : "Save rule"}</button>{" "}
            <button type="button" className="button" onClick={() => setEditing(null)}>Cancel</button>
          </div>
        </form>
      )}

      <h2>Delivery history</h2>
      {deliveries.length === 0 ? <p>No alerts sent yet.</p> : (
        <table className="table">
          <thead><tr><th>When</th><th>Rule</th><th>Event</th><th>Repository</th><th>Status</th><th>Attempts</th><th>Last answer</th></tr></thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td><time dateTime={d.createdAt}>{new Date(d.createdAt).toLocaleString()}</time></td>
                <td>{d.ruleName}</td>
                <td>{d.transition}{d.runId ? ` (run ${d.runId}${d.runAttempt && d.runAttempt > 1 ? `, attempt ${d.runAttempt}` : ""})` : ""}</td>
                <td>{d.repository}</td>
                <td className={d.status === "failed" ? "error-text" : d.status === "sent" ? "success-text" : undefined}>{d.status}</td>
                <td>{d.attempts}</td>
                <td>{d.lastError ?? (d.statusCode ? `HTTP ${d.statusCode}` : "")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
