using ActionsDashboard.GitHub.Models;

namespace ActionsDashboard.GitHub.Webhooks;

public sealed record WebhookPullRequest
{
    public long Id { get; init; }
    public long Number { get; init; }
    public string Title { get; init; } = "";
    public string State { get; init; } = "";
    public bool Draft { get; init; }
    public bool? Merged { get; init; }
    public DateTimeOffset? MergedAt { get; init; }
    public string? HtmlUrl { get; init; }
    public SimpleUser? User { get; init; }
    public PullRequestBranch? Head { get; init; }
    public PullRequestBranch? Base { get; init; }
}
