using System.Collections.Concurrent;

namespace ActionsDashboard.EventBus.Idempotency;

/// <summary>
/// The most recent <see cref="Capacity"/> processed event ids per process. Duplicates come from redelivery soon after
/// the first copy (a lost acknowledgement, a republished outbox row), so a bounded window is enough.
/// </summary>
public sealed class InMemoryProcessedEventStore(int capacity = InMemoryProcessedEventStore.DefaultCapacity) : IProcessedEventStore
{
    public const int DefaultCapacity = 100_000;

    private readonly ConcurrentDictionary<(string Consumer, Guid EventId), byte> _processed = new();
    private readonly ConcurrentQueue<(string Consumer, Guid EventId)> _order = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public ValueTask<bool> HasProcessedAsync(string consumer, Guid eventId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_processed.ContainsKey((consumer, eventId)));

    public ValueTask MarkProcessedAsync(string consumer, Guid eventId, CancellationToken cancellationToken)
    {
        if (_processed.TryAdd((consumer, eventId), 0))
        {
            _order.Enqueue((consumer, eventId));
            while (_order.Count > Capacity && _order.TryDequeue(out var oldest))
            {
                _processed.TryRemove(oldest, out _);
            }
        }

        return ValueTask.CompletedTask;
    }
}
