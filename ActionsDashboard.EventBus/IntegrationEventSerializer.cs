using System.Diagnostics;
using System.Text.Json;
using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.EventBus.Events;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.EventBus;

/// <summary>
/// Turns events into <see cref="SerializedIntegrationEvent"/>s with the bus's JSON settings, e.g. for an outbox that
/// stores them in the same transaction as the data they describe and publishes them later.
/// </summary>
public sealed class IntegrationEventSerializer(IOptions<EventBusSubscriptionInfo> subscriptionInfo)
{
    private JsonSerializerOptions JsonOptions => subscriptionInfo.Value.JsonSerializerOptions;

    /// <summary>The routing key of an event: its type's name (<c>WorkflowRunChanged</c>).</summary>
    public static string EventTypeName(IntegrationEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return @event.GetType().Name;
    }

    /// <summary>Serializes <paramref name="event"/> by its runtime type and captures the current trace context.</summary>
    public SerializedIntegrationEvent Serialize(IntegrationEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var body = JsonSerializer.SerializeToUtf8Bytes(@event, @event.GetType(), JsonOptions);
        var current = Activity.Current;
        return new SerializedIntegrationEvent(@event.Id, EventTypeName(@event), @event.CreationDate, body)
        {
            TraceParent = current?.Id is { } id && current.IdFormat == ActivityIdFormat.W3C ? id : null,
            TraceState = current?.TraceStateString,
        };
    }

    /// <summary>Reads an event of <paramref name="eventType"/>; a body that is not that shape is a poison message.</summary>
    public IntegrationEvent Deserialize(ReadOnlySpan<byte> body, Type eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        try
        {
            return JsonSerializer.Deserialize(body, eventType, JsonOptions) as IntegrationEvent
                ?? throw new PoisonMessageException($"The '{eventType.Name}' message is JSON null, not an event.");
        }
        catch (JsonException exception)
        {
            throw new PoisonMessageException($"The '{eventType.Name}' message is not a valid {eventType.Name} ({exception.Message}).", exception);
        }
    }
}
