using ActionsDashboard.GitHub.Models;

namespace ActionsDashboard.GitHub.Webhooks;

/// <summary><c>installation_repositories</c>: added, removed.</summary>
public sealed class InstallationRepositoriesEvent : WebhookEvent
{
    public override string EventName => WebhookEventNames.InstallationRepositories;

    public string? RepositorySelection { get; init; }

    public IReadOnlyList<RepositoryRef> RepositoriesAdded { get; init; } = [];

    public IReadOnlyList<RepositoryRef> RepositoriesRemoved { get; init; } = [];

    public SimpleUser? Requester { get; init; }
}
