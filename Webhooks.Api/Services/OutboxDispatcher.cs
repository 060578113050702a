using ActionsDashboard.EventBus.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Webhooks.Api.Model;

namespace Webhooks.Api.Services;

/// <summary>
/// Publishes pending outbox rows in sequence order and marks them published once the broker confirms them. A row
/// that fails stays pending and is tried again after a back-off (doubling up to <c>Outbox:MaxRetryDelay</c>), so a
/// broker outage only delays events: they go out when it returns. A crash between the confirm and the mark
/// republishes a row, which consumers de-duplicate by event id. When every event of a delivery is out, the delivery
/// becomes <see cref="DeliveryState.Processed"/>.
/// </summary>
public sealed partial class OutboxDispatcher(
    NpgsqlDataSource dataSource,
    IEventBus eventBus,
    OutboxSignal signal,
    TimeProvider time,
    IOptions<OutboxOptions> options,
    WebhooksMetrics metrics,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    // One dispatcher at a time across replicas (a transaction-scoped advisory lock), so rows leave in order.
    private const long DispatcherLockKey = 0x5745_4248_4F4F_4B53; // "WEBHOOKS"

    private readonly OutboxOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var databaseBackoff = TimeSpan.FromMilliseconds(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var batch = await DispatchBatchAsync(stoppingToken);
                databaseBackoff = TimeSpan.FromMilliseconds(500);
                if (batch.MoreDue)
                {
                    continue;
                }

                wait = batch.NextDueIn is { } due && due < _options.PollInterval ? due : _options.PollInterval;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogDatabaseUnavailable(logger, exception, databaseBackoff.TotalSeconds);
                wait = databaseBackoff;
                databaseBackoff = TimeSpan.FromTicks(Math.Min(databaseBackoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }

            await signal.WaitAsync(wait, stoppingToken);
        }
    }

    /// <summary>Publishes one batch of due rows in one transaction.</summary>
    internal async Task<OutboxBatchResult> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var due = await SelectDueAsync(connection, transaction, now, cancellationToken);
        if (due.Count == 0)
        {
            var next = await NextDueAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            // Rows already due that did not come back are another replica's to publish: wait a poll, not a spin.
            return new OutboxBatchResult(0, 0, false, next is { } at && at > now ? at - now : null);
        }

        var failures = await PublishInOrderAsync(due, cancellationToken);
        var publishedAt = time.GetUtcNow();
        var published = due.Where(m => !failures.ContainsKey(m.Sequence)).Select(m => m.Sequence).ToArray();
        if (published.Length > 0)
        {
            await MarkPublishedAsync(connection, transaction, published, publishedAt, cancellationToken);
        }

        // Usually the whole batch failed the same way (broker down), so one update per attempt count.
        foreach (var group in due.Where(m => failures.ContainsKey(m.Sequence)).GroupBy(m => (m.Attempts, Error: failures[m.Sequence])))
        {
            var attempts = group.Key.Attempts + 1;
            await MarkFailedAsync(connection, transaction, group.Select(m => m.Sequence).ToArray(), attempts,
                publishedAt + RetryDelayAfter(attempts), group.Key.Error, cancellationToken);
        }

        await transaction.CommitAsync(CancellationToken.None);
        metrics.Published(published.Length);
        if (failures.Count > 0)
        {
            metrics.PublishFailed(failures.Count);
            LogPublishFailed(logger, failures.Count, due.Count, failures.Values.First());
        }

        var moreDue = failures.Count == 0 && due.Count == _options.BatchSize;
        return new OutboxBatchResult(published.Length, failures.Count, moreDue, failures.Count > 0 ? RetryDelayAfter(1) : null);
    }

    // The lock and the rows in one round trip; without the lock (another replica is dispatching) no rows come back.
    private async Task<List<OutboxMessage>> SelectDueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            WITH dispatcher AS MATERIALIZED (SELECT pg_try_advisory_xact_lock($1) AS locked)
            SELECT m.sequence, m.event_id, m.event_type, m.content, m.delivery_id, m.created_at, m.attempts, m.trace_parent, m.trace_state
            FROM outbox_messages m, dispatcher
            WHERE dispatcher.locked AND m.published_at IS NULL AND m.next_attempt_at <= $2
            ORDER BY m.sequence
            LIMIT $3
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = DispatcherLockKey });
        command.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = _options.BatchSize });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<OutboxMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(OutboxMessage.Pending(
                sequence: reader.GetInt64(0),
                eventId: reader.GetGuid(1),
                eventType: reader.GetString(2),
                content: reader.GetString(3),
                deliveryId: reader.GetString(4),
                createdAt: reader.GetFieldValue<DateTimeOffset>(5),
                attempts: reader.GetInt32(6),
                traceParent: reader.IsDBNull(7) ? null : reader.GetString(7),
                traceState: reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return rows;
    }

    private static async Task<DateTimeOffset?> NextDueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT min(next_attempt_at) FROM outbox_messages WHERE published_at IS NULL", connection, transaction);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
    }

    // Marks the rows and, in the same statement, moves every delivery with nothing left to publish to Processed.
    // The outer UPDATE sees the snapshot from before the CTE's, hence the rows just published are excluded by hand.
    private static async Task MarkPublishedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] sequences,
        DateTimeOffset publishedAt, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            WITH published AS (
                UPDATE outbox_messages SET published_at = $1, attempts = attempts + 1, last_error = NULL
                WHERE sequence = ANY($2)
                RETURNING delivery_id
            )
            UPDATE deliveries d SET state = 'Processed', processed_at = $1
            WHERE d.id IN (SELECT delivery_id FROM published) AND d.state = 'Received'
              AND NOT EXISTS (SELECT 1 FROM outbox_messages m
                              WHERE m.delivery_id = d.id AND m.published_at IS NULL AND m.sequence <> ALL($2))
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = publishedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = sequences, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task MarkFailedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] sequences, int attempts,
        DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE outbox_messages SET attempts = $1, next_attempt_at = $2, last_error = $3 WHERE sequence = ANY($4)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = attempts });
        command.Parameters.Add(new NpgsqlParameter { Value = nextAttemptAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = error });
        command.Parameters.Add(new NpgsqlParameter { Value = sequences, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The first row is published alone, as a probe: while the broker is down one quick failure stands for the batch.
    /// The rest are pipelined: issued in sequence order without waiting (the bus keeps that order on the wire), then
    /// their confirms are awaited together. Returns the failed rows' errors by sequence.
    /// </summary>
    private async Task<Dictionary<long, string>> PublishInOrderAsync(List<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        var failures = new Dictionary<long, string>();
        try
        {
            await eventBus.PublishAsync(rows[0].ToSerializedEvent(), cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            foreach (var row in rows)
            {
                failures[row.Sequence] = Describe(exception);
            }

            return failures;
        }

        var pending = new List<(long Sequence, Task Publish)>(rows.Count - 1);
        foreach (var row in rows.Skip(1))
        {
            pending.Add((row.Sequence, eventBus.PublishAsync(row.ToSerializedEvent(), cancellationToken)));
        }

        foreach (var (sequence, publish) in pending)
        {
            try
            {
                await publish;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                failures[sequence] = Describe(exception);
            }
        }

        return failures;
    }

    private TimeSpan RetryDelayAfter(int attempts)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 20));
        return TimeSpan.FromTicks((long)Math.Min(_options.RetryDelay.Ticks * factor, _options.MaxRetryDelay.Ticks));
    }

    private static string Describe(Exception exception)
    {
        var text = $"{exception.GetType().Name}: {exception.Message}";
        return text.Length <= 1_000 ? text : text[..1_000];
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Failed} of {Total} outbox events could not be published ({Error}); they stay pending and are retried.")]
    private static partial void LogPublishFailed(ILogger logger, int failed, int total, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox could not be read or updated; trying again in {DelaySeconds} s.")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception, double delaySeconds);
}
