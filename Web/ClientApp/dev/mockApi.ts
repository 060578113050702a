import type { IncomingMessage, ServerResponse } from "node:http";
import type { Plugin } from "vite";
import type { Job, Repository, Run, Settings } from "../src/api/types";

// A tiny in-memory fake of the gateway for `npm run dev:mock`: the contract's shapes, a signed-in user after
// "Sign in with GitHub", runs that move on by themselves. No hub: the app shows "offline" and polls.
// Never part of the built app.

const now = () => new Date().toISOString();
const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();

const repos: Repository[] = [
  ["octo-org", "octo-repo", true, "Organization", true], ["octo-org", "infra", true, "Organization", true],
  ["octocat", "hello-world", false, "User", true], ["octocat", "spoon-knife", false, "User", false],
].map(([owner, name, priv, type, write], i) => ({
  id: 100 + i, owner: owner as string, name: name as string, fullName: `${owner}/${name}`, private: priv as boolean, defaultBranch: "main",
  htmlUrl: `https://github.com/${owner}/${name}`, ownerAvatarUrl: null, ownerType: type as "User" | "Organization",
  canRerun: write as boolean, canCancel: write as boolean,
}));

let signedIn = false;
let settings: Settings = { repositories: [], pinned: [], theme: "system", autoRefresh: { enabled: true, intervalSeconds: 15 }, notifications: { failedRunsOnPinned: false } };
let nextId = 5000;
const runs: Run[] = [];

function addRun(repository: string, workflowName: string, branch: string, status: Run["status"], conclusion: Run["conclusion"], age: number): Run {
  const id = nextId++;
  const run: Run = {
    id, repository, runNumber: id - 4900, runAttempt: 1, workflowId: workflowName.length, workflowName, displayTitle: "Update README.md",
    event: branch === "main" ? "push" : "pull_request", branch, headSha: "acb5820ced9479c074f688cc328bf03f341a511d",
    commitMessage: `Fix ${workflowName.toLowerCase()} on ${branch}\n\nDetails`, actor: { login: "octocat", avatarUrl: null },
    status, conclusion, createdAt: ago(age), startedAt: status === "queued" ? null : ago(age - 5), updatedAt: ago(status === "completed" ? age - 95 : 1),
    htmlUrl: `https://github.com/${repository}/actions/runs/${id}`, pullRequests: [],
  };
  runs.push(run);
  return run;
}
for (const repo of repos) {
  addRun(repo.fullName, "CI", "main", "completed", "success", 3600);
  addRun(repo.fullName, "CI", "feature/login", "completed", "failure", 1800);
  addRun(repo.fullName, "Linter", "main", "in_progress", null, 120);
}
addRun("octo-org/octo-repo", "Deploy", "main", "queued", null, 20);

function advance() {
  for (const run of runs) {
    if (run.status === "completed" || Math.random() < 0.6) continue;
    if (run.status === "queued") Object.assign(run, { status: "in_progress", startedAt: now(), updatedAt: now() });
    else Object.assign(run, { status: "completed", conclusion: Math.random() < 0.3 ? "failure" : "success", updatedAt: now() });
  }
}

function jobsOf(run: Run): Job[] {
  return ["build", "test"].map((name, i) => ({
    id: run.id * 10 + i, runId: run.id, runAttempt: run.runAttempt, name,
    status: run.status === "completed" ? "completed" : i === 0 && run.status === "in_progress" ? "in_progress" : "queued",
    conclusion: run.status === "completed" ? run.conclusion : null,
    createdAt: run.createdAt, startedAt: run.startedAt, completedAt: run.status === "completed" ? run.updatedAt : null,
    runnerName: "GitHub Actions 2", labels: ["ubuntu-latest"], htmlUrl: `${run.htmlUrl}/job/${run.id * 10 + i}`,
    steps: run.startedAt ? [{ number: 1, name: "Set up job", status: "completed", conclusion: "success", startedAt: run.startedAt, completedAt: run.startedAt },
      { number: 2, name: "Run tests", status: run.status === "completed" ? "completed" : "in_progress", conclusion: run.status === "completed" ? run.conclusion : null, startedAt: run.startedAt, completedAt: null }] : [],
  }));
}

const latest = (list: Run[]) => {
  const slots = new Map<string, Run>();
  for (const r of list) { const k = `${r.workflowId}/${r.branch}`; const h = slots.get(k); if (!h || r.id > h.id) slots.set(k, r); }
  return [...slots.values()].sort((a, b) => b.id - a.id);
};

function send(res: ServerResponse, status: number, body?: unknown, type = "application/json") {
  res.statusCode = status;
  if (body !== undefined) { res.setHeader("Content-Type", type); res.end(JSON.stringify(body)); } else res.end();
}
const problem = (res: ServerResponse, status: number, title: string, detail: string) => send(res, status, { title, status, detail }, "application/problem+json");

async function readBody(req: IncomingMessage) {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

export function mockApi(): Plugin {
  return {
    name: "actionsdashboard-mock-api",
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        const url = new URL(req.url ?? "/", "http://mock");
        const path = url.pathname;
        if (path === "/auth/github") { signedIn = true; res.statusCode = 302; res.setHeader("Location", url.searchParams.get("returnUrl") || "/"); res.end(); return; }
        if (!path.startsWith("/api/") && !path.startsWith("/auth/") && !path.startsWith("/ws")) return next();
        const fresh = { stale: false, fetchedAt: now() };
        if (path === "/auth/session") return signedIn ? send(res, 200, { userId: 1, login: "octocat", name: "The Octocat", avatarUrl: null, expiresAt: ago(-3600), csrfToken: "mock-csrf" }) : problem(res, 401, "Unauthorized", "No session.");
        if (!signedIn) return problem(res, 401, "Unauthorized", "No session.");
        if (req.method !== "GET" && req.headers["x-csrf-token"] !== "mock-csrf") return problem(res, 403, "Forbidden", "Missing X-CSRF-Token.");
        if (path === "/auth/logout") { signedIn = false; return send(res, 204); }
        if (path.startsWith("/ws")) return problem(res, 503, "Unavailable", "No hub in the mock.");
        if (path === "/api/settings") {
          if (req.method === "PUT") {
            const body = (await readBody(req)) as Settings;
            if (body.autoRefresh.intervalSeconds < 15 || body.autoRefresh.intervalSeconds > 3600) return send(res, 400, { title: "Validation failed", status: 400, errors: { "autoRefresh.intervalSeconds": ["Between 15 and 3600 seconds."] } }, "application/problem+json");
            settings = body;
          }
          return send(res, 200, settings);
        }
        if (path === "/api/repos") return send(res, 200, { repositories: repos, ...fresh });
        if (path === "/api/dashboard") {
          advance();
          const pinned = new Set(settings.pinned.map((p) => p.toLowerCase()));
          const selected = settings.repositories.map((s) => ({ s, repo: repos.find((r) => r.fullName.toLowerCase() === s.fullName.toLowerCase())! })).filter((x) => x.repo);
          selected.sort((a, b) => Number(pinned.has(b.repo.fullName.toLowerCase())) - Number(pinned.has(a.repo.fullName.toLowerCase())) || (a.s.category ?? "~").localeCompare(b.s.category ?? "~") || a.repo.fullName.localeCompare(b.repo.fullName));
          return send(res, 200, {
            generatedAt: now(),
            repositories: selected.map(({ s, repo }) => ({ ...repo, category: s.category, pinned: pinned.has(repo.fullName.toLowerCase()), runs: latest(runs.filter((r) => r.repository === repo.fullName)), ...fresh })),
          });
        }
        const m = /^\/api\/repos\/([^/]+)\/([^/]+)\/runs\/(\d+)(\/jobs|\/rerun|\/rerun-failed-jobs|\/cancel)?$/.exec(path);
        if (m) {
          const run = runs.find((r) => r.id === Number(m[3]) && r.repository === `${m[1]}/${m[2]}`);
          if (!run) return problem(res, 404, "Not found", "Run not found.");
          if (!m[4]) return send(res, 200, { ...run, ...fresh });
          if (m[4] === "/jobs") return send(res, 200, { jobs: jobsOf(run), ...fresh });
          if (m[4] === "/cancel") {
            if (run.status === "completed") return problem(res, 409, "Conflict", "The run has already completed.");
            Object.assign(run, { status: "completed", conclusion: "cancelled", updatedAt: now() });
          } else {
            if (run.status !== "completed") return problem(res, 403, "Forbidden", "This workflow is already running.");
            Object.assign(run, { status: "queued", conclusion: null, startedAt: null, runAttempt: run.runAttempt + 1, updatedAt: now() });
          }
          return send(res, 202, { status: "requested" });
        }
        return problem(res, 404, "Not found", `No mock for ${path}.`);
      });
    },
  };
}
