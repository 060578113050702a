using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.IntegrationEvents;
using GitHubProxy.Api.Services;

namespace GitHubProxy.Api.IntegrationEvents;

/// <summary>
/// An installation changed: access lists may have shrunk. Removed repositories leave every stored list at once; every
/// list is marked for a refresh from GitHub on its next use.
/// </summary>
public sealed class InstallationChangedHandler(AccessLists accessLists) : IIntegrationEventHandler<InstallationChanged>
{
    public Task HandleAsync(InstallationChanged @event, CancellationToken cancellationToken)
    {
        var removed = @event.RepositoriesRemoved.Select(r => r.FullName).ToList();
        if (@event.Action is "deleted" or "suspend")
        {
            removed.AddRange(@event.Repositories.Select(r => r.FullName));
        }

        var removedAccount = @event.Action is "deleted" or "suspend" ? @event.Account : null;
        return accessLists.InvalidateAllAsync(removed, removedAccount);
    }
}
