using ActionsDashboard.EventBus.Idempotency;
using ActionsDashboard.IntegrationEvents;

namespace Realtime.Hub.IntegrationEvents;

public sealed class PushReceivedHandler(LiveEventDispatcher dispatcher, IProcessedEventStore store)
    : IdempotentIntegrationEventHandler<PushReceived>(store)
{
    protected override Task HandleOnceAsync(PushReceived @event, CancellationToken cancellationToken)
    {
        dispatcher.Dispatch(LiveEventNames.Push, @event.Repository.FullName, @event.Repository.Id, id => @event.ToMessage(id));
        return Task.CompletedTask;
    }
}
