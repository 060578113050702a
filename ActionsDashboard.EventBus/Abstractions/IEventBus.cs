using ActionsDashboard.EventBus.Events;

namespace ActionsDashboard.EventBus.Abstractions;

/// <summary>Publishes integration events to every service subscribed to their type.</summary>
public interface IEventBus
{
    /// <summary>
    /// Serializes and publishes <paramref name="event"/> under the current trace context. Completes once the broker
    /// has taken responsibility for the message (for RabbitMQ: a publisher confirm for a persistent message).
    /// </summary>
    Task PublishAsync(IntegrationEvent @event, CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes an event serialized earlier (an outbox row), under the trace context it was created in.
    /// </summary>
    Task PublishAsync(SerializedIntegrationEvent @event, CancellationToken cancellationToken = default);
}
