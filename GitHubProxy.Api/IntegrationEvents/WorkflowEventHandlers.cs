using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.IntegrationEvents;
using GitHubProxy.Api.Services;

namespace GitHubProxy.Api.IntegrationEvents;

/// <summary>
/// Feeds the read model from <c>workflow_run</c> webhooks. Idempotent by event id: the id is recorded in dashboarddb in
/// the same transaction as the row (so a redelivered copy changes nothing), and a run never moves backwards.
/// </summary>
public sealed class WorkflowRunChangedHandler(ReadModelStore store, TimeProvider time) : IIntegrationEventHandler<WorkflowRunChanged>
{
    public const string Consumer = "githubproxy-api.workflow-run";

    public Task HandleAsync(WorkflowRunChanged @event, CancellationToken cancellationToken) =>
        store.ApplyRunEventAsync(Consumer, @event.Id, @event.ToRecord(time.GetUtcNow()), cancellationToken);
}

/// <summary>Feeds the read model's jobs (with steps) from <c>workflow_job</c> webhooks; idempotent the same way.</summary>
public sealed class WorkflowJobChangedHandler(ReadModelStore store, TimeProvider time) : IIntegrationEventHandler<WorkflowJobChanged>
{
    public const string Consumer = "githubproxy-api.workflow-job";

    public Task HandleAsync(WorkflowJobChanged @event, CancellationToken cancellationToken) =>
        store.ApplyJobEventAsync(Consumer, @event.Id, @event.ToRecord(time.GetUtcNow()), @event.Repository.FullName, cancellationToken);
}

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
