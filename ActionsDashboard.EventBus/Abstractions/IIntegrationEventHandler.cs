using ActionsDashboard.EventBus.Events;

namespace ActionsDashboard.EventBus.Abstractions;

/// <summary>
/// Handles one type of integration event. Delivery is at least once: the same event (same <see cref="IntegrationEvent.Id"/>)
/// can arrive more than once, so a handler must be idempotent (see <see cref="Idempotency.IdempotentIntegrationEventHandler{TEvent}"/>).
/// Throwing makes the bus deliver the message again, a bounded number of times, then dead-letter it.
/// </summary>
public interface IIntegrationEventHandler<in TIntegrationEvent> : IIntegrationEventHandler
    where TIntegrationEvent : IntegrationEvent
{
    Task HandleAsync(TIntegrationEvent @event, CancellationToken cancellationToken);

    Task IIntegrationEventHandler.HandleAsync(IntegrationEvent @event, CancellationToken cancellationToken) =>
        HandleAsync((TIntegrationEvent)@event, cancellationToken);
}

/// <summary>The non-generic face of <see cref="IIntegrationEventHandler{TIntegrationEvent}"/>, which the dispatcher calls.</summary>
public interface IIntegrationEventHandler
{
    Task HandleAsync(IntegrationEvent @event, CancellationToken cancellationToken);
}
