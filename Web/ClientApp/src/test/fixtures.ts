import type { Dashboard, DashboardRepository, Job, Run } from "../api/types";

let nextId = 1000;

export function makeRun(patch: Partial<Run> = {}): Run {
  const id = patch.id ?? nextId++;
  return {
    id, repository: "octo-org/octo-repo", runNumber: id - 900, runAttempt: 1,
    workflowId: 161335, workflowName: "CI", displayTitle: "Update README", event: "push", branch: "main",
    headSha: "acb5820ced9479c074f688cc328bf03f341a511d", commitMessage: "Update README.md\n\nmore text",
    actor: { login: "octocat", avatarUrl: "https://avatars.githubusercontent.com/u/1" },
    status: "queued", conclusion: null,
    createdAt: "2026-11-22T10:00:00Z", startedAt: null, updatedAt: "2026-11-22T10:00:00Z",
    htmlUrl: `https://github.com/octo-org/octo-repo/actions/runs/${id}`, pullRequests: [],
    ...patch,
  };
}

export function makeJob(patch: Partial<Job> = {}): Job {
  return {
    id: nextId++, runId: 1, runAttempt: 1, name: "build", status: "queued", conclusion: null,
    createdAt: "2026-11-22T10:00:01Z", startedAt: null, completedAt: null,
    runnerName: "GitHub Actions 2", labels: ["ubuntu-latest"], htmlUrl: null, steps: [],
    ...patch,
  };
}

export function makeRepo(patch: Partial<DashboardRepository> = {}): DashboardRepository {
  const fullName = patch.fullName ?? "octo-org/octo-repo";
  const [owner, name] = fullName.split("/");
  return {
    fullName, owner, name, private: true, defaultBranch: "main", htmlUrl: `https://github.com/${fullName}`,
    canRerun: true, canCancel: true, category: null, pinned: false, runs: [], stale: false, fetchedAt: "2026-11-22T10:00:00Z",
    ...patch,
  };
}

export const dashboardOf = (...repositories: DashboardRepository[]): Dashboard => ({ repositories, generatedAt: "2026-11-22T10:00:00Z" });
