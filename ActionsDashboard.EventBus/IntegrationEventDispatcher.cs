using System.Diagnostics;
using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.EventBus.Telemetry;
using ActionsDashboard.EventBus.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.EventBus;

/// <summary>
/// Hands an incoming message to every handler subscribed to its type, in a DI scope of its own, under a consumer
/// span whose parent is the publisher's trace context from the message headers.
/// </summary>
internal sealed partial class IntegrationEventDispatcher(
    IServiceScopeFactory scopeFactory,
    IntegrationEventSerializer serializer,
    IOptions<EventBusSubscriptionInfo> subscriptionInfo,
    IEventBusTransport transport,
    ILogger<IntegrationEventDispatcher> logger)
{
    public async Task DispatchAsync(IncomingEventMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = EventBusTelemetry.ActivitySource.StartActivity(
            $"process {message.EventType}", ActivityKind.Consumer, EventBusTelemetry.Extract(message.Headers));
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", transport.MessagingSystem);
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.destination.name", message.EventType);
            activity.SetTag("messaging.message.id", message.MessageId);
            activity.SetTag("messaging.message.delivery_attempt", message.DeliveryAttempt);
        }

        var started = Stopwatch.GetTimestamp();
        var outcome = "handled";
        try
        {
            if (!subscriptionInfo.Value.EventTypes.TryGetValue(message.EventType, out var eventType))
            {
                // A binding left from an earlier version of this service: nothing here wants it.
                outcome = "no_handler";
                LogNoHandler(logger, message.EventType, message.MessageId);
                return;
            }

            var @event = serializer.Deserialize(message.Body.Span, eventType);
            await using var scope = scopeFactory.CreateAsyncScope();
            foreach (var handler in scope.ServiceProvider.GetKeyedServices<IIntegrationEventHandler>(eventType))
            {
                await handler.HandleAsync(@event, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            outcome = exception is PoisonMessageException ? "poison" : "failed";
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            activity?.AddException(exception);
            throw;
        }
        finally
        {
            var tags = new TagList { { "messaging.destination.name", message.EventType }, { "outcome", outcome } };
            EventBusTelemetry.Processed.Add(1, tags);
            EventBusTelemetry.ProcessDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No handler is subscribed to {EventType}; message {MessageId} is acknowledged and dropped.")]
    private static partial void LogNoHandler(ILogger logger, string eventType, string? messageId);
}
