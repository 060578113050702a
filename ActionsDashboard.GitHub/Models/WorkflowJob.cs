namespace ActionsDashboard.GitHub.Models;

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
