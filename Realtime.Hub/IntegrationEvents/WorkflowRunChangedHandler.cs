using ActionsDashboard.EventBus.Idempotency;
using ActionsDashboard.IntegrationEvents;

namespace Realtime.Hub.IntegrationEvents;

// Delivery is at least once: a redelivered copy (same event id) is skipped, so clients never see one change twice
// under two event ids.

public sealed class WorkflowRunChangedHandler(LiveEventDispatcher dispatcher, IProcessedEventStore store)
    : IdempotentIntegrationEventHandler<WorkflowRunChanged>(store)
{
    protected override Task HandleOnceAsync(WorkflowRunChanged @event, CancellationToken cancellationToken)
    {
        dispatcher.Dispatch(LiveEventNames.Run, @event.Repository.FullName, @event.Repository.Id, id => @event.ToMessage(id));
        return Task.CompletedTask;
    }
}
