using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Services;

/// <summary>A webhook the world produced, before any delivery attempt.</summary>
public sealed record OutgoingWebhook(string Event, string? Action, byte[] Body, string Repository, long? RunId, long? JobId);

public static class DeliveryState
{
    /// <summary>Waiting in the sender's queue (or held back by the reorder fault).</summary>
    public const string Queued = "queued";
    /// <summary>The last attempt got a 2xx.</summary>
    public const string Delivered = "delivered";
    /// <summary>The last attempt failed (connection error, timeout, non-2xx); GitHub does not retry by itself.</summary>
    public const string Failed = "failed";
    /// <summary>Lost on purpose by the drop fault.</summary>
    public const string Dropped = "dropped";
    /// <summary>Nothing was sent: <c>Simulator:WebhookUrl</c> is not configured.</summary>
    public const string NotSent = "not_sent";
}

/// <param name="Duplicate">A second send of the same delivery by the duplicate fault.</param>
/// <param name="Redelivery">A redelivery asked for through the control API.</param>
public sealed record DeliveryAttempt(DateTimeOffset At, int? StatusCode, double DurationMs, string? Error, bool Redelivery, bool Duplicate)
{
    public bool Succeeded => StatusCode is >= 200 and <= 299;
}

/// <summary>One delivery (one <c>X-GitHub-Delivery</c> id) and every attempt to send it.</summary>
public sealed class DeliveryRecord
{
    public required string Id { get; init; }

    public required long Sequence { get; init; }

    public required OutgoingWebhook Webhook { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string State { get; set; } = DeliveryState.Queued;

    public List<DeliveryAttempt> Attempts { get; } = [];
}

/// <summary>Every delivery and attempt, newest kept, for the control API and redelivery.</summary>
public sealed class DeliveryLog(IOptionsMonitor<SimulatorOptions> options, TimeProvider time)
{
    private readonly Lock _sync = new();
    private readonly LinkedList<DeliveryRecord> _records = new();
    private readonly Dictionary<string, DeliveryRecord> _byId = new(StringComparer.OrdinalIgnoreCase);
    private long _sequence;

    public DeliveryRecord Create(OutgoingWebhook webhook)
    {
        lock (_sync)
        {
            var record = new DeliveryRecord
            {
                Id = Guid.NewGuid().ToString(),
                Sequence = ++_sequence,
                Webhook = webhook,
                CreatedAt = time.GetUtcNow(),
            };
            _records.AddLast(record);
            _byId[record.Id] = record;
            while (_records.Count > options.CurrentValue.Delivery.MaxRecorded && _records.First is { } oldest)
            {
                _records.RemoveFirst();
                _byId.Remove(oldest.Value.Id);
            }
            return record;
        }
    }

    public DeliveryRecord? Find(string id)
    {
        lock (_sync)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    public void RecordAttempt(DeliveryRecord record, DeliveryAttempt attempt)
    {
        lock (_sync)
        {
            record.Attempts.Add(attempt);
            record.State = attempt.Succeeded ? DeliveryState.Delivered : DeliveryState.Failed;
        }
    }

    public void SetState(DeliveryRecord record, string state)
    {
        lock (_sync)
        {
            record.State = state;
        }
    }

    /// <summary>Copies, oldest first, taken under the lock so a caller can render them safely.</summary>
    public IReadOnlyList<(DeliveryRecord Record, string State, IReadOnlyList<DeliveryAttempt> Attempts)> Snapshot()
    {
        lock (_sync)
        {
            return _records.Select(r => (r, r.State, (IReadOnlyList<DeliveryAttempt>)r.Attempts.ToList())).ToList();
        }
    }
}
