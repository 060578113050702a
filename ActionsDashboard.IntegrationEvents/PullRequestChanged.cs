using ActionsDashboard.EventBus.Events;

namespace ActionsDashboard.IntegrationEvents;

/// <summary>A <c>pull_request</c> delivery: opened, synchronized (new commits), closed, ...</summary>
public sealed record PullRequestChanged : IntegrationEvent
{
    public string DeliveryId { get; init; } = "";

    public string Action { get; init; } = "";

    public RepositoryReference Repository { get; init; } = null!;

    public long? InstallationId { get; init; }

    public long Number { get; init; }

    public string Title { get; init; } = "";

    /// <summary><c>open</c> or <c>closed</c>.</summary>
    public string State { get; init; } = "";

    public bool Draft { get; init; }

    public bool Merged { get; init; }

    public string? HeadRef { get; init; }

    public string? HeadSha { get; init; }

    public string? BaseRef { get; init; }

    /// <summary>Login of the pull request's author.</summary>
    public string? Author { get; init; }

    public string? HtmlUrl { get; init; }
}
