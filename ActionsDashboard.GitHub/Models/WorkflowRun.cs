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
