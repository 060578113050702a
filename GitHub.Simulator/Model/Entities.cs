namespace GitHub.Simulator.Model;

/// <summary>A user or an organisation.</summary>
public sealed class Account
{
    public required long Id { get; init; }

    public required string Login { get; init; }

    public required bool IsOrganization { get; init; }

    public string Type => IsOrganization ? "Organization" : "User";

    public string Name { get; init; } = "";

    public string Email { get; init; } = "";

    public string Company { get; init; } = "";

    public string Location { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>GitHub's repository roles, weakest first (the REST <c>permissions</c> object names them pull … admin).</summary>
public enum RepositoryRole
{
    None = 0,
    Pull = 1,
    Triage = 2,
    Push = 3,
    Maintain = 4,
    Admin = 5,
}

public sealed class Repository
{
    public required long Id { get; init; }

    public required Account Owner { get; init; }

    public required string Name { get; init; }

    public bool Private { get; init; }

    public string Description { get; init; } = "";

    public string DefaultBranch { get; init; } = "main";

    public IReadOnlyList<string> Branches { get; init; } = [];

    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>Explicit roles by user login (case-insensitive).</summary>
    public Dictionary<string, RepositoryRole> Roles { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<Workflow> Workflows { get; } = [];

    /// <summary>Every run of the repository, oldest first.</summary>
    public List<WorkflowRun> Runs { get; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset PushedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string FullName => $"{Owner.Login}/{Name}";

    public string Visibility => Private ? "private" : "public";
}

public sealed class Workflow
{
    public required long Id { get; init; }

    public required Repository Repository { get; init; }

    public required string Name { get; init; }

    public required string Path { get; init; }

    public string State { get; init; } = "active";

    public required IReadOnlyList<JobTemplate> Jobs { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public int LastRunNumber { get; set; }

    /// <summary>The file name (<c>ci.yml</c>), which the REST API accepts in place of the id.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);
}

/// <summary>A job of a workflow file: its name and its steps between "Set up job" and "Complete job".</summary>
public sealed record JobTemplate(string Name, IReadOnlyList<string> Steps);

public sealed class Installation
{
    public required long Id { get; init; }

    public required Account Account { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string RepositorySelection => "all";
}

public static class RunStatus
{
    public const string Queued = "queued";
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
}

public static class Conclusion
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Cancelled = "cancelled";
    public const string Skipped = "skipped";
    public const string TimedOut = "timed_out";
    public const string Neutral = "neutral";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Success, Failure, Cancelled, Skipped, TimedOut, Neutral, "action_required", "stale",
    };

    /// <summary>Conclusions that <c>rerun-failed-jobs</c> re-runs.</summary>
    public static bool IsFailed(string? conclusion) => conclusion is Failure or Cancelled or TimedOut;
}

public sealed class WorkflowRun
{
    public required long Id { get; init; }

    public required Workflow Workflow { get; init; }

    public Repository Repository => Workflow.Repository;

    public required int RunNumber { get; init; }

    public int RunAttempt { get; set; } = 1;

    public required string Event { get; init; }

    public required string HeadBranch { get; init; }

    public required string HeadSha { get; init; }

    public required string TreeId { get; init; }

    public required string CommitMessage { get; init; }

    public required Account Actor { get; init; }

    public required Account TriggeringActor { get; set; }

    public required long CheckSuiteId { get; init; }

    public string Status { get; set; } = RunStatus.Queued;

    public string? Conclusion { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset RunStartedAt { get; set; }

    /// <summary>Jobs of every attempt, oldest first.</summary>
    public List<WorkflowJob> Jobs { get; } = [];

    public IEnumerable<WorkflowJob> CurrentJobs => Jobs.Where(job => job.RunAttempt == RunAttempt);

    public bool IsCompleted => Status == RunStatus.Completed;
}

public sealed class WorkflowJob
{
    public required long Id { get; init; }

    public required WorkflowRun Run { get; init; }

    public required int RunAttempt { get; init; }

    public required JobTemplate Template { get; init; }

    public string Name => Template.Name;

    public string Status { get; set; } = RunStatus.Queued;

    public string? Conclusion { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Steps appear when the job starts (a queued job has none, as on GitHub).</summary>
    public List<WorkflowStep> Steps { get; } = [];

    /// <summary>The step number that fails, when this job is planned to fail.</summary>
    public int? FailAtStep { get; set; }

    public required int RunnerId { get; init; }

    public bool IsCompleted => Status == RunStatus.Completed;
}

public sealed class WorkflowStep
{
    public required string Name { get; init; }

    public required int Number { get; init; }

    public string Status { get; set; } = RunStatus.Queued;

    public string? Conclusion { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}
