using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ActionsDashboard.EventBus;
using Octokit.Webhooks;
using Webhooks.Api.IntegrationEvents;
using Webhooks.Api.Model;

namespace Webhooks.Api.Services;

/// <summary>
/// Stores an authentic delivery and the integration events it yields in one transaction: once this returns, the
/// events will be published even if the broker is down or the process dies. The write itself is shared with the
/// deliveries that arrive at the same time (<see cref="DeliveryBatchWriter"/>); publishing is left to the
/// <see cref="OutboxDispatcher"/>, after the answer.
/// </summary>
public sealed partial class WebhookIngestion(
    DeliveryBatchWriter writer,
    IntegrationEventSerializer serializer,
    TimeProvider time,
    WebhooksMetrics metrics,
    ILogger<WebhookIngestion> logger)
{
    public async Task<IngestionResult> IngestAsync(IncomingDelivery incoming)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        var now = time.GetUtcNow();
        var translation = DeliveryTranslation.Translate(incoming.EventName, incoming.Payload, incoming.DeliveryId);
        var serialized = translation.Events.Select(serializer.Serialize).ToArray();
        // Every outbox row of a delivery carries the trace context of its first event: the request's.
        var traced = serialized.FirstOrDefault();
        var events = serialized
            .Select(e => new PendingEvent(e.Id, e.EventType, Encoding.UTF8.GetString(e.Body.Span), traced?.TraceParent, traced?.TraceState))
            .ToArray();
        var pending = new PendingDelivery(incoming, translation, now, SHA256.HashData(incoming.Payload), events,
            Activity.Current?.Context ?? default);

        // Not cancelled with the request: once the bytes are here, finishing the commit is cheaper than a redelivery.
        var stored = await writer.StoreAsync(pending);
        if (stored.StorageUnavailable is { } exception)
        {
            metrics.Delivery(incoming.EventName, "storage_unavailable");
            LogStorageUnavailable(logger, exception, incoming.DeliveryId, incoming.EventName);
            return new IngestionResult(IngestionOutcome.StorageUnavailable, 0);
        }

        if (!stored.Stored)
        {
            metrics.Delivery(incoming.EventName, "duplicate");
            LogDuplicate(logger, incoming.DeliveryId, incoming.EventName);
            return new IngestionResult(IngestionOutcome.Duplicate, 0);
        }

        var outcome = translation.State switch
        {
            DeliveryState.Failed => IngestionOutcome.Failed,
            DeliveryState.Ignored => IngestionOutcome.Ignored,
            _ when incoming.EventName == WebhookEventType.Ping => IngestionOutcome.Pong,
            _ => IngestionOutcome.Accepted,
        };
        metrics.Delivery(incoming.EventName, outcome.ToString().ToLowerInvariant());
        if (outcome == IngestionOutcome.Failed)
        {
            LogFailed(logger, incoming.DeliveryId, incoming.EventName, translation.Error);
        }

        return new IngestionResult(outcome, events.Length);
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Delivery {DeliveryId} ({Event}) could not be stored: webhooksdb is unreachable. It was refused with 503; GitHub must redeliver it.")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception, string deliveryId, string @event);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Delivery {DeliveryId} ({Event}) was received before (its id, or its exact payload under another id); not processed again.")]
    private static partial void LogDuplicate(ILogger logger, string deliveryId, string @event);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Delivery {DeliveryId} ({Event}) is stored as failed; reprocess it through the internal deliveries API once the cause is fixed. {Error}")]
    private static partial void LogFailed(ILogger logger, string deliveryId, string @event, string? error);
}
