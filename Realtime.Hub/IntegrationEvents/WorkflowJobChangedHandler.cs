using ActionsDashboard.EventBus.Idempotency;
using ActionsDashboard.IntegrationEvents;

namespace Realtime.Hub.IntegrationEvents;

public sealed class WorkflowJobChangedHandler(LiveEventDispatcher dispatcher, IProcessedEventStore store)
    : IdempotentIntegrationEventHandler<WorkflowJobChanged>(store)
{
    protected override Task HandleOnceAsync(WorkflowJobChanged @event, CancellationToken cancellationToken)
    {
        dispatcher.Dispatch(LiveEventNames.Job, @event.Repository.FullName, @event.Repository.Id, id => @event.ToMessage(id));
        return Task.CompletedTask;
    }
}
