using System.Diagnostics;
using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.EventBus.Events;
using ActionsDashboard.EventBus.Telemetry;
using ActionsDashboard.EventBus.Transport;

namespace ActionsDashboard.EventBus;

/// <summary>
/// The broker-neutral publisher: a producer span around each publish and its W3C trace context in the message
/// headers, so the consumer's span joins the same trace; the transport does the rest.
/// </summary>
internal sealed class EventBus(IEventBusTransport transport, IntegrationEventSerializer serializer) : IEventBus
{
    public Task PublishAsync(IntegrationEvent @event, CancellationToken cancellationToken = default) =>
        PublishAsync(serializer.Serialize(@event), cancellationToken);

    // Everything before the transport's first await runs synchronously, so calls made one after another without
    // awaiting reach the broker in call order (the outbox relies on this to pipeline a batch in sequence).
    public async Task PublishAsync(SerializedIntegrationEvent @event, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var stored = EventBusTelemetry.Extract(@event.TraceParent, @event.TraceState);
        using var activity = EventBusTelemetry.ActivitySource.StartActivity(
            $"publish {@event.EventType}", ActivityKind.Producer, stored == default ? Activity.Current?.Context ?? default : stored);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", transport.MessagingSystem);
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.destination.name", @event.EventType);
            activity.SetTag("messaging.message.id", @event.Id.ToString());
            activity.SetTag("messaging.message.body.size", @event.Body.Length);
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        EventBusTelemetry.Inject(activity?.Context ?? (stored == default ? Activity.Current?.Context ?? default : stored), headers);

        var tags = new TagList { { "messaging.destination.name", @event.EventType } };
        try
        {
            await transport.PublishAsync(
                new OutgoingEventMessage(@event.Id, @event.EventType, @event.CreationDate, @event.Body, headers), cancellationToken)
                .ConfigureAwait(false);
            EventBusTelemetry.Published.Add(1, tags);
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            activity?.AddException(exception);
            EventBusTelemetry.PublishFailures.Add(1, tags);
            throw;
        }
    }
}
