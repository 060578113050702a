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
