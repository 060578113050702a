using System.Text.Json.Serialization;

namespace ActionsDashboard.GitHub.Models;

/// <summary>A workflow run (REST and the <c>workflow_run</c> webhook share this shape).</summary>
/// <remarks>Status and conclusion stay strings: GitHub adds values over time (<c>waiting</c>, <c>stale</c>, ...).</remarks>
public sealed record WorkflowRun
{
    public long Id { get; init; }
    /// <summary>Can be the empty string; use <see cref="GetDisplayName"/> for what a person should see.</summary>
    public string? Name { get; init; }
    public string? DisplayTitle { get; init; }
    public long RunNumber { get; init; }
    public int RunAttempt { get; init; }
    public string Event { get; init; } = "";
    public string? Status { get; init; }
    public string? Conclusion { get; init; }
    public long WorkflowId { get; init; }
    public string? Path { get; init; }
    public string? HeadBranch { get; init; }
    public string HeadSha { get; init; } = "";
    public CommitSummary? HeadCommit { get; init; }
    public SimpleUser? Actor { get; init; }
    public SimpleUser? TriggeringActor { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? RunStartedAt { get; init; }
    public string? HtmlUrl { get; init; }
    public IReadOnlyList<PullRequestRef> PullRequests { get; init; } = [];
    public Repository? Repository { get; init; }

    [JsonIgnore]
    public IReadOnlyList<long> PullRequestNumbers => PullRequests.Select(pr => pr.Number).ToArray();

    /// <summary>
    /// The name to show: GitHub sends an empty run <c>name</c> in some deliveries (every <c>workflow_run</c>
    /// example in octokit/webhooks), so fall back to the workflow's name, then to the display title.
    /// </summary>
    public string GetDisplayName(string? workflowName = null)
    {
        if (!string.IsNullOrWhiteSpace(Name))
        {
            return Name;
        }
        if (!string.IsNullOrWhiteSpace(workflowName))
        {
            return workflowName;
        }
        if (!string.IsNullOrWhiteSpace(DisplayTitle))
        {
            return DisplayTitle;
        }
        return $"Run #{RunNumber}";
    }
}

/// <summary>A pull request as a workflow run references it (no title: only number and refs).</summary>
public sealed record PullRequestRef
{
    public long Id { get; init; }
    public long Number { get; init; }
    public GitRefRef? Head { get; init; }
    public GitRefRef? Base { get; init; }
}

public sealed record GitRefRef
{
    public string Ref { get; init; } = "";
    public string Sha { get; init; } = "";
}

/// <summary>The head commit of a run or a push.</summary>
public sealed record CommitSummary
{
    public string Id { get; init; } = "";
    public string? TreeId { get; init; }
    public string Message { get; init; } = "";
    public DateTimeOffset? Timestamp { get; init; }
    public CommitPerson? Author { get; init; }
    public CommitPerson? Committer { get; init; }
}

public sealed record CommitPerson
{
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Username { get; init; }
}

/// <summary>A job of a workflow run (REST and the <c>workflow_job</c> webhook share this shape).</summary>
public sealed record WorkflowJob
{
    public long Id { get; init; }
    public long RunId { get; init; }
    public int? RunAttempt { get; init; }
    public string Name { get; init; } = "";
    public string? WorkflowName { get; init; }
    public string? HeadBranch { get; init; }
    public string HeadSha { get; init; } = "";
    public string? Status { get; init; }
    public string? Conclusion { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public long? RunnerId { get; init; }
    public string? RunnerName { get; init; }
    public string? RunnerGroupName { get; init; }
    public IReadOnlyList<string> Labels { get; init; } = [];
    public IReadOnlyList<WorkflowStep> Steps { get; init; } = [];
    public string? HtmlUrl { get; init; }
}

public sealed record WorkflowStep
{
    public string Name { get; init; } = "";
    public string? Status { get; init; }
    public string? Conclusion { get; init; }
    public int Number { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
}

/// <summary>A workflow file of a repository.</summary>
public sealed record Workflow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Path { get; init; } = "";
    /// <summary><c>active</c>, <c>disabled_manually</c>, <c>disabled_inactivity</c>, ...</summary>
    public string? State { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public string? HtmlUrl { get; init; }
    public string? BadgeUrl { get; init; }
}

public sealed record WorkflowRunList
{
    public int TotalCount { get; init; }
    public IReadOnlyList<WorkflowRun> WorkflowRuns { get; init; } = [];
}

public sealed record WorkflowJobList
{
    public int TotalCount { get; init; }
    public IReadOnlyList<WorkflowJob> Jobs { get; init; } = [];
}

public sealed record WorkflowList
{
    public int TotalCount { get; init; }
    public IReadOnlyList<Workflow> Workflows { get; init; } = [];
}
