using System.Threading.Channels;
using ActionsDashboard.Identity;

namespace Realtime.Hub.Services;

/// <summary>An <c>/events</c> stream: the dispatcher queues events for it; the request's loop writes them.</summary>
public sealed class StreamLiveConnection : LiveConnection
{
    private readonly ConnectionRegistry _registry;
    private readonly CancellationTokenSource _closed = new();
    private readonly Channel<LiveEvent> _queue;
    private readonly int _queueLength;

    public StreamLiveConnection(ConnectionRegistry registry, InternalIdentity identity, DateTimeOffset connectedAt, int queueLength)
        : base(Guid.NewGuid().ToString("N"), identity, connectedAt)
    {
        _registry = registry;
        _queueLength = queueLength;
        _queue = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(queueLength)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ChannelReader<LiveEvent> Queue => _queue.Reader;

    public CancellationToken Closed => _closed.Token;

    public string? CloseReason { get; private set; }

    /// <summary>A replay larger than the queue would close the stream before its first event: it is a gap instead.</summary>
    public override int ReplayCapacity => _queueLength;

    /// <summary>Replayed events go through the same queue, ahead of anything live (the gate is held).</summary>
    public override Task ReplayAsync(IReadOnlyList<LiveEvent> events, CancellationToken cancellationToken)
    {
        foreach (var liveEvent in events)
        {
            Enqueue(liveEvent);
        }

        return Task.CompletedTask;
    }

    /// <summary>A client that falls this far behind is closed rather than buffered without end; it resumes by id.</summary>
    public void Enqueue(LiveEvent liveEvent)
    {
        if (!_queue.Writer.TryWrite(liveEvent))
        {
            Close("too slow");
        }
    }

    protected override Task OnJoinedAsync(string key)
    {
        _registry.IndexStream(key, this);
        return Task.CompletedTask;
    }

    protected override Task OnLeftAsync(string key)
    {
        _registry.UnindexStream(key, this);
        return Task.CompletedTask;
    }

    public override Task NotifySubscriptionsChangedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Close(string reason)
    {
        CloseReason ??= reason;
        _queue.Writer.TryComplete();
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
