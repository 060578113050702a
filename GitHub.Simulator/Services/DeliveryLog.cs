using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Services;

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
