using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.IntegrationEvents;
using Alerts.Api.Services;

namespace Alerts.Api.IntegrationEvents;

/// <summary>Failures, recoveries and queued runs from <c>workflow_run</c> webhooks. Idempotent: a repeated event finds its
/// delivery already stored (unique per rule, run attempt and transition) and its history already moved.</summary>
public sealed class WorkflowRunChangedHandler(AlertEvaluator evaluator) : IIntegrationEventHandler<WorkflowRunChanged>
{
    public Task HandleAsync(WorkflowRunChanged @event, CancellationToken cancellationToken) => evaluator.OnRunAsync(@event, cancellationToken);
}
