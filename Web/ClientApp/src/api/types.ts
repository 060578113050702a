// The JSON the services answer, exactly as docs/contracts.md writes it (camelCase, absent values are null).

export type RunStatus = "requested" | "queued" | "pending" | "waiting" | "in_progress" | "completed";
export type RunConclusion =
  | null | "success" | "failure" | "cancelled" | "skipped" | "timed_out" | "action_required" | "neutral" | "stale" | "startup_failure";

export type Actor = { login: string; avatarUrl: string | null };

export type Run = {
  id: number;
  repository: string;
  runNumber: number;
  runAttempt: number;
  workflowId: number;
  workflowName: string;
  displayTitle: string | null;
  event: string;
  branch: string | null;
  headSha: string;
  commitMessage: string | null;
  actor: Actor | null;
  status: RunStatus;
  conclusion: RunConclusion;
  createdAt: string;
  startedAt: string | null;
  updatedAt: string;
  htmlUrl: string;
  pullRequests: number[];
};

export type Step = {
  number: number; name: string; status: string; conclusion: string | null; startedAt: string | null; completedAt: string | null;
};

export type Job = {
  id: number; runId: number; runAttempt: number; name: string; status: string; conclusion: string | null;
  createdAt: string | null; startedAt: string | null; completedAt: string | null;
  runnerName: string | null; labels: string[]; htmlUrl: string | null; steps: Step[];
};

export type Cached = { stale: boolean; fetchedAt: string };

export type Repository = {
  id: number; owner: string; name: string; fullName: string; private: boolean; defaultBranch: string;
  htmlUrl: string; ownerAvatarUrl: string | null; ownerType: "User" | "Organization";
  canRerun: boolean; canCancel: boolean;
};

export type ReposResponse = Cached & { repositories: Repository[] };
export type RunResponse = Run & Cached;
export type JobsResponse = Cached & { jobs: Job[] };

/** A line of a job's log; `time` is GitHub's timestamp, kept apart from the text (null on a line that had none). */
export type LogLine = { time: string | null; text: string };

/** A check run annotation; level is "notice", "warning" or "failure". */
export type Annotation = { path: string; startLine: number; endLine: number; level: string; message: string; title: string | null };

/** `GET /api/repos/{owner}/{repo}/jobs/{jobId}/failure`: why a job failed (failedStep null and no log when it did not). */
export type JobFailure = Cached & {
  jobId: number; jobName: string; runId: number; runAttempt: number; status: string; conclusion: string | null;
  failedStep: { number: number; name: string } | null;
  logTail: LogLine[]; logTruncated: boolean; logAvailable: boolean;
  annotations: Annotation[];
  pullRequests: { number: number; htmlUrl: string }[];
  htmlUrl: string | null;
};

export type DashboardRepository = Cached & {
  fullName: string; owner: string; name: string; private: boolean; defaultBranch: string; htmlUrl: string;
  canRerun: boolean; canCancel: boolean; category: string | null; pinned: boolean; runs: Run[];
  /** Latest runs of older (workflow, branch) pairs the server left out (it shows at most a few dozen per repository). */
  hiddenRuns?: number;
};

export type Dashboard = { repositories: DashboardRepository[]; generatedAt: string };

export type FollowedOwner = { owner: string; exclude: string[]; category?: string | null };

export type Theme = "light" | "dark" | "system";

export type Settings = {
  repositories: { fullName: string; category: string | null }[];
  pinned: string[];
  /** Owners followed whole: every repository of theirs the user can reach, less `exclude` (names), new ones included. */
  followedOwners?: FollowedOwner[];
  theme: Theme;
  autoRefresh: { enabled: boolean; intervalSeconds: number };
  notifications: { failedRunsOnPinned: boolean };
};

export type Session = { userId: number; login: string; name: string | null; avatarUrl: string | null; expiresAt: string; csrfToken: string };

export type Problem = { type?: string; title?: string; status?: number; detail?: string; errors?: Record<string, string[]> };

// Realtime.Hub messages (SignalR methods and /events event names).
export type RunMessage = { eventId: string; repository: string; run: Run };
export type JobMessage = { eventId: string; repository: string; job: Job };
export type SubscribeResult = { subscribed: string[]; refused: string[] };

// Insights from the read model (GitHubProxy.Api's /api/insights and .../workflows/{id}/insights); durations in seconds.
export type Percentiles = { count: number; p50Seconds: number | null; p95Seconds: number | null };
export type RunCounts = { total: number; completed: number; successes: number; failures: number; cancelled: number; successRate: number | null };
export type DailyRuns = {
  date: string; successes: number; failures: number; cancellations: number; p50DurationSeconds: number | null; p50QueueSeconds: number | null;
};
export type JobDurations = { name: string; count: number; p50Seconds: number | null; p95Seconds: number | null };
export type FailureStreak = { branch: string; runId: number; runNumber: number; headSha: string; createdAt: string; failedRuns: number };
export type WorkflowInsights = {
  repository: string; workflowId: number; workflowName: string | null; branch: string | null; days: number; since: string;
  runs: RunCounts; duration: Percentiles; queueTime: Percentiles; daily: DailyRuns[]; slowestJobs: JobDurations[];
  failingSince: FailureStreak | null; generatedAt: string;
};
export type FlakyJob = {
  repository: string; workflowId: number; workflowName: string; jobName: string; flakyCommits: number; commits: number; flakeRate: number;
  lastFlakeAt: string | null;
};
export type WorkflowFailures = { repository: string; workflowId: number; workflowName: string; runs: number; failures: number; failureRate: number };
export type WorkflowDurations = { repository: string; workflowId: number; workflowName: string; runs: number; p50Seconds: number | null; p95Seconds: number | null };
export type LabelQueueTime = { label: string; jobs: number; p50Seconds: number | null; p95Seconds: number | null };
export type Insights = {
  days: number; since: string; repositories: string[]; flakyJobs: FlakyJob[]; failingWorkflows: WorkflowFailures[];
  slowestWorkflows: WorkflowDurations[]; queueTimeByLabel: LabelQueueTime[]; generatedAt: string;
};
export type RunsResponse = Cached & { runs: Run[]; totalCount: number; page: number; perPage: number };
export type CommitRun = {
  workflowId: number; runId: number; runNumber: number; runAttempt: number; status: RunStatus; conclusion: RunConclusion; createdAt: string; htmlUrl: string;
};
export type CommitRow = { headSha: string; message: string | null; actor: Actor | null; pushedAt: string; runs: CommitRun[] };
export type CommitGrid = {
  repository: string; branch: string; limit: number; workflows: { id: number; name: string }[]; commits: CommitRow[]; generatedAt: string;
};
export type FailingRunsResponse = { runs: { runId: number; since: FailureStreak }[] };
// Runner queues (GitHubProxy.Api's /api/runners), from the read model's jobs; waits in seconds.
export type WaitingLabel = { label: string; jobs: number; oldestCreatedAt: string; oldestWaitSeconds: number };
export type DailyWait = { date: string; jobs: number; p50Seconds: number | null; p95Seconds: number | null };
export type LabelWaits = { label: string; jobs: number; p50Seconds: number | null; p95Seconds: number | null; daily: DailyWait[] };
// A self-hosted runner as GitHub lists it to a repository's admins; state from its status and whether it runs a job.
export type RunnerState = "busy" | "idle" | "offline";
export type SelfHostedRunner = { id: number; name: string; os: string; state: RunnerState; labels: string[] };
// visible false: GitHub did not list them to this user (admins only) or could not be asked; note says which.
export type RepositoryRunners = { repository: string; visible: boolean; note: string | null; stale: boolean; runners: SelfHostedRunner[] };
export type RunnerQueues = {
  days: number; since: string; repositories: string[]; waiting: WaitingLabel[]; labels: LabelWaits[]; generatedAt: string; selfHosted: RepositoryRunners[];
};


// Running a workflow by hand and reviewing deployments (GitHubProxy.Api's ControlsApi).
export type DispatchInputType = "string" | "choice" | "boolean" | "number" | "environment";
export type DispatchInput = { name: string; description: string | null; required: boolean; default: string | null; type: DispatchInputType; options: string[] };
export type DispatchForm = { workflowId: number; path: string; ref: string; dispatchable: boolean; inputs: DispatchInput[]; canDispatch: boolean };
export type PendingDeployment = {
  environmentId: number; environment: string; environmentUrl: string | null; waitTimer: number; waitTimerStartedAt: string | null;
  currentUserCanApprove: boolean; reviewers: string[];
};
export type PendingDeploymentsResponse = { deployments: PendingDeployment[] };


// Alerts.Api (/api/alerts): a person's alert rules and their deliveries.
export type AlertEvent = "failure" | "recovery" | "queued";
export type AlertDestinationType = "slack" | "teams" | "webhook" | "email";
export type AlertRuleRequest = {
  name: string; repository: string; branch?: string | null; workflow?: string | null; events: AlertEvent[]; queuedMinutes?: number | null;
  destination: { type: AlertDestinationType; url?: string; address?: string; secret?: string };
  /** organization/team-slug: a rule every member of that GitHub team shares; null: yours only. */
  team?: string | null;
};
export type AlertRule = {
  id: string; name: string; repository: string; branch: string | null; workflow: string | null; events: AlertEvent[]; queuedMinutes: number | null;
  destination: { type: AlertDestinationType; host: string | null; address: string | null; hasSecret: boolean };
  createdAt: string; updatedAt: string; team: string | null;
};
/** GitHubProxy.Api's /api/user/teams: the GitHub teams the signed-in user belongs to. */
export type GitHubTeam = { team: string; organization: string; slug: string; name: string };
export type TeamsResponse = { teams: GitHubTeam[]; stale: boolean; fetchedAt: string };
export type AlertDelivery = {
  id: string; ruleId: string; ruleName: string; transition: AlertEvent | "test"; repository: string; runId: number | null; runAttempt: number | null;
  status: "pending" | "sent" | "failed"; attempts: number; statusCode: number | null; lastError: string | null;
  createdAt: string; lastAttemptAt: string | null; sentAt: string | null; nextAttemptAt: string | null;
};
