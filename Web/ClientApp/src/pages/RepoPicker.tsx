import { useEffect, useId, useMemo, useState } from "react";
import { listRepositories } from "../api/endpoints";
import { ApiError, errorMessage } from "../api/http";
import type { Repository, ReposResponse, Settings } from "../api/types";
import { Avatar } from "../components/AvatarMenu";
import { Empty, ErrorState, Loading, StaleNote } from "../components/States";
import { useApp } from "../context";
import { navigate } from "../lib/router";
import { PageTitle } from "./PageTitle";

const MAX_SELECTED = 200;

type Selection = Map<string, { fullName: string; category: string | null; pinned: boolean }>;

function fromSettings(settings: Settings): Selection {
  const pinned = new Set(settings.pinned.map((p) => p.toLowerCase()));
  return new Map(settings.repositories.map((r) => [r.fullName.toLowerCase(), { fullName: r.fullName, category: r.category, pinned: pinned.has(r.fullName.toLowerCase()) }]));
}

/** Repositories across every account and organisation the user reaches: search, grouped by owner; select,
 * categorise and pin; saved on the server through PUT /api/settings. */
export function RepoPickerPage({ firstRun }: { firstRun: boolean }) {
  const { settings, saveSettings, live } = useApp();
  const [repos, setRepos] = useState<ReposResponse | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [query, setQuery] = useState("");
  const [selection, setSelection] = useState<Selection>(() => fromSettings(settings));
  // Owners followed whole: owner (lower case) → its spelling and the excluded names as typed (comma-separated).
  const [follows, setFollows] = useState<Map<string, { owner: string; exclude: string; category: string | null }>>(() =>
    new Map((settings.followedOwners ?? []).map((f) => [f.owner.toLowerCase(), { owner: f.owner, exclude: f.exclude.join(", "), category: f.category ?? null }])));
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    const abort = new AbortController();
    setLoadError(null);
    listRepositories(abort.signal).then(setRepos, (e) => { if (e.name !== "AbortError") setLoadError(errorMessage(e)); });
    return () => abort.abort();
  }, [attempt]);

  const groups = useMemo(() => {
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const byOwner = new Map<string, Repository[]>();
    for (const repo of repos?.repositories ?? []) {
      if (!words.every((w) => repo.fullName.toLowerCase().includes(w))) continue;
      const list = byOwner.get(repo.owner) ?? [];
      list.push(repo);
      byOwner.set(repo.owner, list);
    }
    return [...byOwner.entries()].sort(([a], [b]) => a.localeCompare(b, undefined, { sensitivity: "base" }));
  }, [repos, query]);

  const categories = useMemo(() => [...new Set([...selection.values()].map((s) => s.category).filter((c): c is string => !!c))].sort(), [selection]);

  const update = (change: (current: Selection) => void) => {
    const next = new Map(selection);
    change(next);
    setSelection(next);
    setSaveError(null);
  };
  const toggle = (repo: Repository, on: boolean) => update((next) => {
    if (on) next.set(repo.fullName.toLowerCase(), { fullName: repo.fullName, category: null, pinned: false });
    else next.delete(repo.fullName.toLowerCase());
  });
  const edit = (repo: Repository, patch: Partial<{ category: string | null; pinned: boolean }>) => update((next) => {
    const current = next.get(repo.fullName.toLowerCase());
    if (current) next.set(repo.fullName.toLowerCase(), { ...current, ...patch });
  });

  const follow = (owner: string, on: boolean) => {
    const next = new Map(follows);
    if (on) next.set(owner.toLowerCase(), { owner, exclude: "", category: null });
    else next.delete(owner.toLowerCase());
    setFollows(next);
    setSaveError(null);
  };
  const editFollow = (owner: string, exclude: string) => {
    const current = follows.get(owner.toLowerCase());
    if (current) setFollows(new Map(follows).set(owner.toLowerCase(), { ...current, exclude }));
  };

  const save = async () => {
    setSaving(true);
    setSaveError(null);
    const chosen = [...selection.values()];
    try {
      const saved = await saveSettings({
        ...settings,
        repositories: chosen.map((s) => ({ fullName: s.fullName, category: s.category?.trim() || null })),
        pinned: chosen.filter((s) => s.pinned).map((s) => s.fullName),
        followedOwners: [...follows.values()].map((f) => ({
          owner: f.owner, category: f.category, exclude: f.exclude.split(",").map((e) => e.trim()).filter(Boolean),
        })),
      });
      await live?.resubscribe(saved.repositories.map((r) => r.fullName));
      navigate("/");
    } catch (e) {
      setSaveError(e instanceof ApiError && e.problem?.errors ? Object.values(e.problem.errors).flat().join(" ") || e.message : errorMessage(e));
      setSaving(false);
    }
  };

  const count = selection.size;
  return (
    <>
      <PageTitle title={firstRun ? "Pick your repositories" : "Repositories"} />
      {firstRun && <p className="lead">Welcome! Choose the repositories whose workflow runs you want to watch. You can group them into categories and pin the ones that matter most; change this at any time.</p>}
      <div className="picker-toolbar">
        <div className="field field-grow">
          <label htmlFor={`${id}-search`}>Search repositories</label>
          <input id={`${id}-search`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="owner/name" autoComplete="off" />
        </div>
        <p className="picker-count" aria-live="polite">{count} selected{count > MAX_SELECTED ? ` (at most ${MAX_SELECTED})` : ""}{follows.size > 0 ? `, ${follows.size} ${follows.size === 1 ? "owner" : "owners"} followed` : ""}</p>
        <button type="button" className="button button-primary" onClick={save} disabled={saving || count > MAX_SELECTED} data-testid="save-repositories">
          {saving ? "Saving…" : "Save and show dashboard"}
        </button>
      </div>
      {saveError && <p className="error-text" role="alert">Could not save: {saveError}</p>}
      <datalist id={`${id}-categories`}>{categories.map((c) => <option key={c} value={c} />)}</datalist>
      {loadError && <ErrorState title="Your repositories could not be loaded" message={loadError} onRetry={() => setAttempt(attempt + 1)} />}
      {!repos && !loadError && <Loading label="Loading your repositories…" />}
      {repos && <StaleNote stale={repos.stale} fetchedAt={repos.fetchedAt} />}
      {repos && repos.repositories.length === 0 && <Empty title="No repositories found"><p>Your GitHub account does not reach any repository yet.</p></Empty>}
      {repos && repos.repositories.length > 0 && groups.length === 0 && <Empty title={`Nothing matches “${query}”`} />}
      {groups.map(([owner, list]) => (
        <fieldset key={owner} className="owner-group">
          <legend><Avatar url={list[0].ownerAvatarUrl} login={owner} size={20} /> {owner} <span className="muted small">{list[0].ownerType === "Organization" ? "organisation" : "account"}</span></legend>
          <p className="follow-owner small">
            <label>
              <input type="checkbox" checked={follows.has(owner.toLowerCase())} onChange={(e) => follow(owner, e.target.checked)} />
              {" "}Follow every repository of {owner} <span className="muted">(new ones appear by themselves)</span>
            </label>
            {follows.has(owner.toLowerCase()) && (
              <>
                {" "}<label htmlFor={`${id}-exclude-${owner}`}>except</label>{" "}
                <input id={`${id}-exclude-${owner}`} className="category-input" placeholder="repo-a, repo-b" value={follows.get(owner.toLowerCase())!.exclude}
                  onChange={(e) => editFollow(owner, e.target.value)} aria-label={`Repositories of ${owner} not to follow`} />
              </>
            )}
          </p>
          <ul className="picker-list">
            {list.map((repo) => {
              const chosen = selection.get(repo.fullName.toLowerCase());
              const checkId = `${id}-${repo.fullName}`;
              return (
                <li key={repo.fullName} className={`picker-item${chosen ? " picker-item-selected" : ""}`}>
                  <input type="checkbox" id={checkId} checked={!!chosen} onChange={(e) => toggle(repo, e.target.checked)} />
                  <label htmlFor={checkId} className="picker-name">{repo.name}</label>
                  {repo.private && <span className="chip">Private</span>}
                  {chosen && (
                    <span className="picker-extra">
                      <label className="visually-hidden" htmlFor={`${checkId}-category`}>Category for {repo.fullName}</label>
                      <input id={`${checkId}-category`} className="category-input" list={`${id}-categories`} placeholder="Category" value={chosen.category ?? ""} maxLength={50}
                        onChange={(e) => edit(repo, { category: e.target.value || null })} />
                      <label className="pin-toggle">
                        <input type="checkbox" checked={chosen.pinned} onChange={(e) => edit(repo, { pinned: e.target.checked })} />
                        <span>Pin<span className="visually-hidden"> {repo.fullName}</span></span>
                      </label>
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </fieldset>
      ))}
    </>
  );
}
