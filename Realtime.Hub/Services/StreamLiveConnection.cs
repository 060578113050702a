using ActionsDashboard.Identity;

namespace Realtime.Hub.Services;

/// <summary>An <c>/events</c> stream: the request's loop (<see cref="Apis.EventStreamResult"/>) writes its queue.</summary>
public sealed class StreamLiveConnection(ConnectionRegistry registry, InternalIdentity identity, DateTimeOffset connectedAt, int queueLength)
    : LiveConnection(Guid.NewGuid().ToString("N"), registry, identity, connectedAt, queueLength)
{
    /// <summary>Queued by <see cref="ConnectionHousekeeper"/> for every stream at once, written as <c>: heartbeat</c>: one
    /// timer for the instance instead of one per connection (#17 goal 4). Never replayed; it has no id.</summary>
    public static readonly LiveEvent Heartbeat = new(0, "heartbeat", "", 0, new object(), "");

    private readonly CancellationTokenSource _closed = new();

    /// <summary>Cancelled when the hub closes the stream (or its client leaves): a write in progress stops at once.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Queues a heartbeat unless the queue is full: a client that far behind has enough to read, and is not
    /// closed for it here (the next event decides).</summary>
    public void QueueHeartbeat() => TryQueue(Heartbeat);

    protected override void OnClosed()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
