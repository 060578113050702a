using System.Threading.Channels;
using ActionsDashboard.Identity;
using Microsoft.AspNetCore.SignalR;

namespace Realtime.Hub.Services;

/// <summary>A client connection, SignalR or <c>/events</c>: who it is for and which repositories it follows.</summary>
public abstract class LiveConnection(string id, InternalIdentity identity, DateTimeOffset connectedAt)
{
    private readonly Dictionary<string, string> _subscriptions = new(StringComparer.Ordinal);

    public string Id { get; } = id;

    public InternalIdentity Identity { get; } = identity;

    public DateTimeOffset ConnectedAt { get; } = connectedAt;

    /// <summary>Followed repositories, in GitHub's spelling.</summary>
    public IReadOnlyList<string> Subscriptions
    {
        get
        {
            lock (_subscriptions)
            {
                return [.. _subscriptions.Values.Order(StringComparer.OrdinalIgnoreCase)];
            }
        }
    }

    public IReadOnlyList<string> SubscriptionKeys
    {
        get
        {
            lock (_subscriptions)
            {
                return [.. _subscriptions.Keys];
            }
        }
    }

    public int SubscriptionCount
    {
        get
        {
            lock (_subscriptions)
            {
                return _subscriptions.Count;
            }
        }
    }

    public bool IsSubscribed(string key)
    {
        lock (_subscriptions)
        {
            return _subscriptions.ContainsKey(key);
        }
    }

    /// <summary>Called with the dispatcher's gate held, so no event is sent between joining and the replay.</summary>
    public async Task JoinAsync(string key, string fullName)
    {
        lock (_subscriptions)
        {
            _subscriptions[key] = fullName;
        }

        await OnJoinedAsync(key);
    }

    public async Task LeaveAsync(string key)
    {
        lock (_subscriptions)
        {
            _subscriptions.Remove(key);
        }

        await OnLeftAsync(key);
    }

    protected abstract Task OnJoinedAsync(string key);

    protected abstract Task OnLeftAsync(string key);

    /// <summary>The most events a resume may replay to this connection.</summary>
    public virtual int ReplayCapacity => int.MaxValue;

    /// <summary>Sends replayed events to this client only.</summary>
    public abstract Task ReplayAsync(IReadOnlyList<LiveEvent> events, CancellationToken cancellationToken);

    /// <summary>Tells the client its subscriptions changed without it asking (access withdrawn).</summary>
    public abstract Task NotifySubscriptionsChangedAsync(CancellationToken cancellationToken);

    /// <summary>Ends the connection (session ended, lifetime reached, shutting down).</summary>
    public abstract void Close(string reason);
}

/// <summary>A SignalR connection: subscriptions are groups named by repository key.</summary>
public sealed class HubLiveConnection(HubCallerContext context, IHubContext<LiveUpdatesHub> hub, InternalIdentity identity, DateTimeOffset connectedAt)
    : LiveConnection(context.ConnectionId, identity, connectedAt)
{
    protected override Task OnJoinedAsync(string key) => hub.Groups.AddToGroupAsync(Id, key);

    protected override Task OnLeftAsync(string key) => hub.Groups.RemoveFromGroupAsync(Id, key);

    public override async Task ReplayAsync(IReadOnlyList<LiveEvent> events, CancellationToken cancellationToken)
    {
        var client = hub.Clients.Client(Id);
        foreach (var liveEvent in events)
        {
            await client.SendAsync(liveEvent.Name, liveEvent.Payload, cancellationToken);
        }
    }

    public override Task NotifySubscriptionsChangedAsync(CancellationToken cancellationToken) =>
        hub.Clients.Client(Id).SendAsync(LiveEventNames.SubscriptionsChanged, new SubscriptionsChangedMessage(Subscriptions), cancellationToken);

    public override void Close(string reason) => context.Abort();
}

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
