using System.Security.Cryptography;
using ActionsDashboard.EventBus;
using Npgsql;
using NpgsqlTypes;
using Octokit.Webhooks;
using Webhooks.Api.IntegrationEvents;
using Webhooks.Api.Model;

namespace Webhooks.Api.Services;

/// <summary>
/// Stores an authentic delivery and the integration events it yields in one transaction: once this returns, the
/// events will be published even if the broker is down or the process dies. Publishing itself is left to the
/// <see cref="OutboxDispatcher"/>, after the answer.
/// </summary>
public sealed partial class WebhookIngestion(
    NpgsqlDataSource dataSource,
    IntegrationEventSerializer serializer,
    OutboxSignal outboxSignal,
    TimeProvider time,
    WebhooksMetrics metrics,
    ILogger<WebhookIngestion> logger)
{
    // One statement, so one round trip and one implicit transaction: the delivery row and its outbox rows commit
    // together or not at all. ON CONFLICT makes a redelivery (or the same delivery arriving twice at once: the second
    // insert waits for the first to commit) a no-op that inserts no events either, without an error. It names no
    // target so that it covers both unique keys: the delivery id, and the payload's SHA-256 (the delivery id is not
    // signed, so a captured body replayed under a fresh id is the same delivery, not a new one).
    // Rows are inserted in event order, so their sequence numbers follow it.
    private const string InsertDeliveryWithEvents = """
        WITH delivery AS (
            INSERT INTO deliveries (id, event, action, repository_full_name, installation_id, hook_id, received_at, payload,
                                    state, error, processed_at, reprocess_count, payload_sha256)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $17)
            ON CONFLICT DO NOTHING
            RETURNING id
        ), events AS (
            INSERT INTO outbox_messages (event_id, event_type, content, delivery_id, created_at, attempts, next_attempt_at,
                                         trace_parent, trace_state)
            SELECT e.event_id, e.event_type, e.content, delivery.id, $7, 0, $7, $12, $13
            FROM delivery, unnest($14::uuid[], $15::text[], $16::text[]) WITH ORDINALITY AS e(event_id, event_type, content, position)
            ORDER BY e.position
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM delivery), (SELECT count(*) FROM events)
        """;

    public async Task<IngestionResult> IngestAsync(IncomingDelivery incoming)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        var now = time.GetUtcNow();
        var translation = DeliveryTranslation.Translate(incoming.EventName, incoming.Payload, incoming.DeliveryId);
        var events = translation.Events.Select(serializer.Serialize).ToArray();
        var traced = events.FirstOrDefault();

        await using var command = dataSource.CreateCommand(InsertDeliveryWithEvents);
        command.Parameters.Add(new NpgsqlParameter { Value = incoming.DeliveryId });
        command.Parameters.Add(new NpgsqlParameter { Value = incoming.EventName });
        command.Parameters.Add(Nullable(translation.Action, NpgsqlDbType.Varchar));
        command.Parameters.Add(Nullable(translation.RepositoryFullName, NpgsqlDbType.Varchar));
        command.Parameters.Add(Nullable(translation.InstallationId, NpgsqlDbType.Bigint));
        command.Parameters.Add(Nullable(incoming.Headers.HookIdValue, NpgsqlDbType.Bigint));
        command.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = incoming.Payload, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = translation.State.ToString(), NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(Nullable(translation.Error, NpgsqlDbType.Text));
        command.Parameters.Add(Nullable(translation.State is DeliveryState.Processed or DeliveryState.Ignored ? now : null, NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Nullable(traced?.TraceParent, NpgsqlDbType.Varchar));
        command.Parameters.Add(Nullable(traced?.TraceState, NpgsqlDbType.Varchar));
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.EventType).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = events.Select(e => System.Text.Encoding.UTF8.GetString(e.Body.Span)).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
        });
        command.Parameters.Add(new NpgsqlParameter { Value = SHA256.HashData(incoming.Payload), NpgsqlDbType = NpgsqlDbType.Bytea });

        bool stored;
        int queued;
        try
        {
            // Not cancelled with the request: once the bytes are here, finishing the commit is cheaper than a redelivery.
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
            await reader.ReadAsync(CancellationToken.None);
            stored = reader.GetInt64(0) == 1;
            queued = (int)reader.GetInt64(1);
        }
        catch (NpgsqlException exception) when (exception is not PostgresException || exception.IsTransient)
        {
            metrics.Delivery(incoming.EventName, "storage_unavailable");
            LogStorageUnavailable(logger, exception, incoming.DeliveryId, incoming.EventName);
            return new IngestionResult(IngestionOutcome.StorageUnavailable, 0);
        }

        if (!stored)
        {
            metrics.Delivery(incoming.EventName, "duplicate");
            LogDuplicate(logger, incoming.DeliveryId, incoming.EventName);
            return new IngestionResult(IngestionOutcome.Duplicate, 0);
        }

        if (queued > 0)
        {
            outboxSignal.Notify();
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

        return new IngestionResult(outcome, queued);
    }

    private static NpgsqlParameter Nullable(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

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
