using System.Diagnostics;
using System.Threading.Channels;
using ActionsDashboard.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Webhooks.Api.Model;

namespace Webhooks.Api.Services;

/// <summary>
/// Group commit for ingestion: requests queue their prepared deliveries here, and a writer stores everything queued
/// (up to <see cref="IngestionOptions.MaxBatchSize"/>) in one statement and one commit, then answers each request with
/// its own outcome. On this CPU-bound service a commit per delivery cost PostgreSQL a transaction, a WAL flush and a
/// round trip each; a batch shares them. A delivery arriving while nothing is being written is written at once, so a
/// light load waits for nothing; under load, the batch is what queued during the previous write.
/// </summary>
public sealed partial class DeliveryBatchWriter(
    NpgsqlDataSource dataSource,
    OutboxSignal outboxSignal,
    ServiceTelemetry telemetry,
    WebhooksMetrics metrics,
    IOptions<IngestionOptions> options,
    ILogger<DeliveryBatchWriter> logger) : BackgroundService
{
    /// <summary>The batch's span; the Npgsql span of its statement is its child.</summary>
    public const string ActivityName = "store deliveries";

    // One statement, so one round trip and one implicit transaction: every delivery row of the batch and their outbox
    // rows commit together or not at all. ON CONFLICT makes a redelivery (or the same delivery arriving twice at once
    // from another writer or replica: the second insert waits for the first to commit) a no-op that inserts no events
    // either, without an error. It names no target so that it covers both unique keys: the delivery id, and the
    // payload's SHA-256 (the delivery id is not signed, so a captured body replayed under a fresh id is the same
    // delivery, not a new one). Only the deliveries inserted come back, and only their events are inserted (the join).
    // Rows are inserted in the order of the arrays (arrival order, then event order), so sequence numbers follow it.
    private const string InsertDeliveriesWithEvents = """
        WITH delivery AS (
            INSERT INTO deliveries (id, event, action, repository_full_name, installation_id, hook_id, received_at, payload,
                                    state, error, processed_at, reprocess_count, payload_sha256)
            SELECT d.id, d.event, d.action, d.repository_full_name, d.installation_id, d.hook_id, d.received_at, d.payload,
                   d.state, d.error, d.processed_at, 0, d.payload_sha256
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::timestamptz[], $8::bytea[],
                        $9::text[], $10::text[], $11::timestamptz[], $12::bytea[])
                 WITH ORDINALITY AS d(id, event, action, repository_full_name, installation_id, hook_id, received_at, payload,
                                      state, error, processed_at, payload_sha256, position)
            ORDER BY d.position
            ON CONFLICT DO NOTHING
            RETURNING id
        ), events AS (
            INSERT INTO outbox_messages (event_id, event_type, content, delivery_id, created_at, attempts, next_attempt_at,
                                         trace_parent, trace_state)
            SELECT e.event_id, e.event_type, e.content, e.delivery_id, e.created_at, 0, e.created_at, e.trace_parent, e.trace_state
            FROM unnest($13::text[], $14::uuid[], $15::text[], $16::text[], $17::timestamptz[], $18::text[], $19::text[])
                 WITH ORDINALITY AS e(delivery_id, event_id, event_type, content, created_at, trace_parent, trace_state, position)
            JOIN delivery ON delivery.id = e.delivery_id
            ORDER BY e.position
        )
        SELECT id FROM delivery
        """;

    // A batch stops growing here (its first delivery always goes in): the payloads travel as one bytea[] value, which
    // PostgreSQL caps at 1 GB, and deliveries of 25 MB each would make everyone in the batch wait for the biggest.
    private const long MaxBatchPayloadBytes = 16L * 1024 * 1024;

    private readonly IngestionOptions _options = options.Value;

    // Unbounded: what waits here is bounded by the requests in flight, each already holding its body.
    private readonly Channel<PendingDelivery> _queue = Channel.CreateUnbounded<PendingDelivery>();

    /// <summary>Deliveries waiting for the next write (for tests that build a batch on purpose).</summary>
    internal int Queued => _queue.Reader.Count;

    /// <summary>
    /// Queues <paramref name="delivery"/> for the next write and returns what became of it. Never faults for a storage
    /// outage (that is a <see cref="StoreResult.StorageUnavailable"/>); any other failure of its statement is thrown.
    /// </summary>
    public Task<StoreResult> StoreAsync(PendingDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return _queue.Writer.TryWrite(delivery)
            ? delivery.Completion.Task
            : Task.FromResult(new StoreResult(false, new ChannelClosedException("The service is stopping: no more deliveries are stored.")));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Stopping closes the queue, and what is already in it is still written: no request is left without an answer.
        await using var stopping = stoppingToken.Register(() => _queue.Writer.TryComplete());
        await Task.WhenAll(Enumerable.Range(0, _options.Writers).Select(_ => Task.Run(WriteLoopAsync, CancellationToken.None)));
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingDelivery>(_options.MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            var payloadBytes = 0L;
            while (batch.Count < _options.MaxBatchSize && _queue.Reader.TryPeek(out var next)
                && (batch.Count == 0 || payloadBytes + next.Incoming.Payload.Length <= MaxBatchPayloadBytes)
                && _queue.Reader.TryRead(out var delivery))
            {
                batch.Add(delivery);
                payloadBytes += delivery.Incoming.Payload.Length;
            }

            if (batch.Count > 0)
            {
                metrics.Batch(batch.Count);
                await WriteAsync(batch);
                batch.Clear();
            }
        }
    }

    /// <summary>Stores <paramref name="batch"/> and completes each delivery's outcome. Never throws.</summary>
    private async Task WriteAsync(List<PendingDelivery> batch)
    {
        var pending = batch;
        while (pending.Count > 0)
        {
            var (firsts, copies) = SplitCopies(pending);
            HashSet<string> stored;
            try
            {
                stored = await InsertAsync(firsts);
            }
            catch (NpgsqlException exception) when (exception is not PostgresException || exception.IsTransient)
            {
                // One statement: nothing of it was stored, and every delivery in it is refused alike.
                var unavailable = new StoreResult(false, exception);
                foreach (var delivery in pending)
                {
                    delivery.Completion.TrySetResult(unavailable);
                }

                return;
            }
            catch (Exception exception) when (pending.Count > 1)
            {
                // Nothing of it was stored either. Written one at a time, in order, only the delivery that causes this
                // fails, as it did when each delivery had a statement of its own.
                LogBatchWrittenOneByOne(logger, exception, pending.Count);
                foreach (var delivery in pending)
                {
                    await WriteAsync([delivery]);
                }

                return;
            }
            catch (Exception exception)
            {
                pending[0].Completion.TrySetException(exception);
                return;
            }

            var storedHashes = new HashSet<string>(StringComparer.Ordinal);
            var queued = false;
            foreach (var delivery in firsts)
            {
                if (stored.Contains(delivery.Incoming.DeliveryId))
                {
                    storedHashes.Add(Convert.ToBase64String(delivery.PayloadSha256));
                    queued |= delivery.Events.Length > 0;
                }
            }

            if (queued)
            {
                outboxSignal.Notify();
            }

            foreach (var delivery in firsts)
            {
                delivery.Completion.TrySetResult(stored.Contains(delivery.Incoming.DeliveryId) ? StoreResult.Inserted : StoreResult.Duplicate);
            }

            // A copy of a delivery just stored is a duplicate. A copy of one that was itself a duplicate of an older row
            // may still be new (the same payload under another id, say), so it gets a statement of its own after it.
            pending = [];
            foreach (var copy in copies)
            {
                if (stored.Contains(copy.Incoming.DeliveryId) || storedHashes.Contains(Convert.ToBase64String(copy.PayloadSha256)))
                {
                    copy.Completion.TrySetResult(StoreResult.Duplicate);
                }
                else
                {
                    pending.Add(copy);
                }
            }
        }
    }

    /// <summary>
    /// The deliveries whose id and payload differ from every earlier one in <paramref name="deliveries"/> (in order), and
    /// the others: copies of an earlier delivery (GitHub's redelivery racing the original, or two hooks sending the
    /// same payload). One statement may insert each key once, so a copy waits to see what became of its original.
    /// </summary>
    private static (List<PendingDelivery> Firsts, List<PendingDelivery> Copies) SplitCopies(List<PendingDelivery> deliveries)
    {
        if (deliveries.Count == 1)
        {
            return (deliveries, []);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        var firsts = new List<PendingDelivery>(deliveries.Count);
        var copies = new List<PendingDelivery>();
        foreach (var delivery in deliveries)
        {
            // Both keys are remembered even for a copy, so a later copy of a copy stays behind it, in arrival order.
            var newId = ids.Add(delivery.Incoming.DeliveryId);
            var newPayload = hashes.Add(Convert.ToBase64String(delivery.PayloadSha256));
            (newId && newPayload ? firsts : copies).Add(delivery);
        }

        return (firsts, copies);
    }

    /// <summary>Inserts the deliveries (all ids and payloads distinct) with their events; returns the ids stored.</summary>
    private async Task<HashSet<string>> InsertAsync(List<PendingDelivery> deliveries)
    {
        using var activity = StartBatchActivity(deliveries);
        var events = deliveries.SelectMany(d => d.Events.Select(e => (Delivery: d, Event: e))).ToArray();
        await using var command = dataSource.CreateCommand(InsertDeliveriesWithEvents);
        var parameters = command.Parameters;
        parameters.Add(Array(deliveries, d => d.Incoming.DeliveryId, NpgsqlDbType.Text));
        parameters.Add(Array(deliveries, d => d.Incoming.EventName, NpgsqlDbType.Text));
        parameters.Add(Array(deliveries, d => d.Translation.Action, NpgsqlDbType.Text));
        parameters.Add(Array(deliveries, d => d.Translation.RepositoryFullName, NpgsqlDbType.Text));
        parameters.Add(Array(deliveries, d => d.Translation.InstallationId, NpgsqlDbType.Bigint));
        parameters.Add(Array(deliveries, d => d.Incoming.Headers.HookIdValue, NpgsqlDbType.Bigint));
        parameters.Add(Array(deliveries, d => d.ReceivedAt, NpgsqlDbType.TimestampTz));
        parameters.Add(Array(deliveries, d => d.Incoming.Payload, NpgsqlDbType.Bytea));
        parameters.Add(Array(deliveries, d => d.Translation.State.ToString(), NpgsqlDbType.Text));
        parameters.Add(Array(deliveries, d => d.Translation.Error, NpgsqlDbType.Text));
        parameters.Add(Array(deliveries, d => d.Translation.State is DeliveryState.Processed or DeliveryState.Ignored ? d.ReceivedAt : (DateTimeOffset?)null,
            NpgsqlDbType.TimestampTz));
        parameters.Add(Array(deliveries, d => d.PayloadSha256, NpgsqlDbType.Bytea));
        parameters.Add(Array(events, e => e.Delivery.Incoming.DeliveryId, NpgsqlDbType.Text));
        parameters.Add(Array(events, e => e.Event.EventId, NpgsqlDbType.Uuid));
        parameters.Add(Array(events, e => e.Event.EventType, NpgsqlDbType.Text));
        parameters.Add(Array(events, e => e.Event.Content, NpgsqlDbType.Text));
        parameters.Add(Array(events, e => e.Delivery.ReceivedAt, NpgsqlDbType.TimestampTz));
        parameters.Add(Array(events, e => e.Event.TraceParent, NpgsqlDbType.Text));
        parameters.Add(Array(events, e => e.Event.TraceState, NpgsqlDbType.Text));

        var stored = new HashSet<string>(StringComparer.Ordinal);
        // Not cancelled with anything: once the bytes are here, finishing the commit is cheaper than a redelivery.
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        while (await reader.ReadAsync(CancellationToken.None))
        {
            stored.Add(reader.GetString(0));
        }

        activity?.SetTag("webhooks.batch.stored", stored.Count);
        return stored;
    }

    /// <summary>
    /// A span per statement, a root of its own (it serves many requests), linked to each delivery's request span; the
    /// requests' spans include their wait in the queue. Links are only built when someone listens.
    /// </summary>
    private Activity? StartBatchActivity(List<PendingDelivery> deliveries)
    {
        if (!telemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = telemetry.ActivitySource.StartActivity(ActivityName, ActivityKind.Internal, parentContext: default,
            links: deliveries.Where(d => d.RequestContext != default).Select(d => new ActivityLink(d.RequestContext)).ToList());
        activity?.SetTag("webhooks.batch.size", deliveries.Count);
        return activity;
    }

    private static NpgsqlParameter Array<TRow, TValue>(IReadOnlyList<TRow> rows, Func<TRow, TValue> value, NpgsqlDbType type)
    {
        var values = new TValue[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = value(rows[i]);
        }

        return new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | type };
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "A batch of {Count} deliveries could not be stored together; nothing of it was stored, and each is now written on its own.")]
    private static partial void LogBatchWrittenOneByOne(ILogger logger, Exception exception, int count);
}
