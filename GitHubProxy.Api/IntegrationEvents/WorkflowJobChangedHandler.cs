using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.IntegrationEvents;
using GitHubProxy.Api.Services;

namespace GitHubProxy.Api.IntegrationEvents;

/// <summary>Feeds the read model's jobs (with steps) from <c>workflow_job</c> webhooks; idempotent the same way.</summary>
public sealed class WorkflowJobChangedHandler(ReadModelStore store, TimeProvider time) : IIntegrationEventHandler<WorkflowJobChanged>
{
    public const string Consumer = "githubproxy-api.workflow-job";

    public Task HandleAsync(WorkflowJobChanged @event, CancellationToken cancellationToken) =>
        store.ApplyJobEventAsync(Consumer, @event.Id, @event.ToRecord(time.GetUtcNow()), @event.Repository.FullName, cancellationToken);
}
