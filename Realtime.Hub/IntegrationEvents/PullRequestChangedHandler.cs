using ActionsDashboard.EventBus.Idempotency;
using ActionsDashboard.IntegrationEvents;

namespace Realtime.Hub.IntegrationEvents;

public sealed class PullRequestChangedHandler(LiveEventDispatcher dispatcher, IProcessedEventStore store)
    : IdempotentIntegrationEventHandler<PullRequestChanged>(store)
{
    protected override Task HandleOnceAsync(PullRequestChanged @event, CancellationToken cancellationToken)
    {
        dispatcher.Dispatch(LiveEventNames.PullRequest, @event.Repository.FullName, @event.Repository.Id, id => @event.ToMessage(id));
        return Task.CompletedTask;
    }
}
