using ActionsDashboard.EventBus.Events;

namespace ActionsDashboard.IntegrationEvents;

/// <summary>
/// An <c>installation</c> or <c>installation_repositories</c> delivery: the GitHub App was installed, removed,
/// suspended, or its repository selection changed. Repository access lists keyed on it must be refreshed.
/// </summary>
public sealed record InstallationChanged : IntegrationEvent
{
    public string DeliveryId { get; init; } = "";

    /// <summary><c>installation</c> or <c>installation_repositories</c>.</summary>
    public string GitHubEvent { get; init; } = "";

    /// <summary><c>created</c>, <c>deleted</c>, <c>suspend</c>, <c>unsuspend</c>, <c>new_permissions_accepted</c>; <c>added</c> or <c>removed</c>.</summary>
    public string Action { get; init; } = "";

    public long InstallationId { get; init; }

    /// <summary>Login (user, organisation) or slug (enterprise) of the account the app is installed on.</summary>
    public string? Account { get; init; }

    public long? AccountId { get; init; }

    /// <summary><c>User</c>, <c>Organization</c> or <c>Enterprise</c>.</summary>
    public string? AccountType { get; init; }

    /// <summary><c>all</c> or <c>selected</c>.</summary>
    public string? RepositorySelection { get; init; }

    /// <summary>On <c>installation</c>: the repositories the installation can reach (only when the selection is <c>selected</c>).</summary>
    public IReadOnlyList<RepositoryReference> Repositories { get; init; } = [];

    public IReadOnlyList<RepositoryReference> RepositoriesAdded { get; init; } = [];

    public IReadOnlyList<RepositoryReference> RepositoriesRemoved { get; init; } = [];

    /// <summary>Login of the account that made the change.</summary>
    public string? Sender { get; init; }
}
