using ActionsDashboard.GitHub.Models;

namespace ActionsDashboard.GitHub.Webhooks;

/// <summary><c>installation</c>: created, deleted, suspend, unsuspend, new_permissions_accepted.</summary>
public sealed class InstallationEvent : WebhookEvent
{
    public override string EventName => WebhookEventNames.Installation;

    /// <summary>The repositories the installation can reach (only when the selection is <c>selected</c>).</summary>
    public IReadOnlyList<RepositoryRef>? Repositories { get; init; }

    public SimpleUser? Requester { get; init; }
}
