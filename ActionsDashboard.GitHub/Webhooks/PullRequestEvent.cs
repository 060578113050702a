namespace ActionsDashboard.GitHub.Webhooks;

/// <summary><c>pull_request</c>: opened, synchronize, closed, ...</summary>
public sealed class PullRequestEvent : WebhookEvent
{
    public override string EventName => WebhookEventNames.PullRequest;

    public long Number { get; init; }

    public WebhookPullRequest PullRequest { get; init; } = null!;

    /// <summary>Set on <c>synchronize</c>: the head before and after the push.</summary>
    public string? Before { get; init; }

    public string? After { get; init; }
}
