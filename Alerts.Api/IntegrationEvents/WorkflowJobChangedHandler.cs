using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.IntegrationEvents;
using Alerts.Api.Services;

namespace Alerts.Api.IntegrationEvents;

/// <summary>Queued jobs from <c>workflow_job</c> webhooks: watched until they start, for rules with the <c>queued</c> event.</summary>
public sealed class WorkflowJobChangedHandler(AlertEvaluator evaluator) : IIntegrationEventHandler<WorkflowJobChanged>
{
    public Task HandleAsync(WorkflowJobChanged @event, CancellationToken cancellationToken) => evaluator.OnJobAsync(@event, cancellationToken);
}
