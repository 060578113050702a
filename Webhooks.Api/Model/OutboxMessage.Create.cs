using System.Text;
using ActionsDashboard.EventBus.Abstractions;

namespace Webhooks.Api.Model;

public sealed partial class OutboxMessage
{
    /// <summary>A pending row for <paramref name="event"/>, due at once.</summary>
    public static OutboxMessage Create(SerializedIntegrationEvent @event, string deliveryId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return new OutboxMessage
        {
            EventId = @event.Id,
            EventType = @event.EventType,
            Content = Encoding.UTF8.GetString(@event.Body.Span),
            DeliveryId = deliveryId,
            CreatedAt = now,
            NextAttemptAt = now,
            TraceParent = @event.TraceParent,
            TraceState = @event.TraceState,
        };
    }

    /// <summary>A pending row as the dispatcher reads it back.</summary>
    public static OutboxMessage Pending(long sequence, Guid eventId, string eventType, string content, string deliveryId,
        DateTimeOffset createdAt, int attempts, string? traceParent, string? traceState) =>
        new()
        {
            Sequence = sequence,
            EventId = eventId,
            EventType = eventType,
            Content = content,
            DeliveryId = deliveryId,
            CreatedAt = createdAt,
            Attempts = attempts,
            TraceParent = traceParent,
            TraceState = traceState,
        };

    /// <summary>The row as the bus publishes it, under the trace context it was stored in.</summary>
    public SerializedIntegrationEvent ToSerializedEvent() =>
        new(EventId, EventType, CreatedAt, Encoding.UTF8.GetBytes(Content))
        {
            TraceParent = TraceParent,
            TraceState = TraceState,
        };
}
