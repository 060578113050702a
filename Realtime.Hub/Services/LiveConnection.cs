using System.Threading.Channels;
using ActionsDashboard.Identity;

namespace Realtime.Hub.Services;

/// <summary>
/// A client connection, SignalR or <c>/events</c>: who it is for, which repositories it follows, and its own bounded
/// queue of outgoing events. The dispatcher only ever adds to the queue (it never waits on a client); each connection
/// writes its queue at its client's pace, and one whose queue fills up is closed as too slow, so it resumes by id.
/// </summary>
public abstract class LiveConnection
{
    // Key → GitHub's spelling and GitHub's repository id, as the user's access list had them when the connection joined.
    private readonly Dictionary<string, (string FullName, long Id)> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConnectionRegistry _registry;
    private readonly Channel<LiveEvent> _queue;
    private readonly int _queueLength;

    protected LiveConnection(string id, ConnectionRegistry registry, InternalIdentity identity, DateTimeOffset connectedAt, int queueLength)
    {
        Id = id;
        _registry = registry;
        Identity = identity;
        ConnectedAt = connectedAt;
        _queueLength = queueLength;
        _queue = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(queueLength)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string Id { get; }

    public InternalIdentity Identity { get; }

    public DateTimeOffset ConnectedAt { get; }

    /// <summary>What is waiting to be written to the client, in order.</summary>
    public ChannelReader<LiveEvent> Queue => _queue.Reader;

    /// <summary>Why the hub closed it (<c>too slow</c>, <c>session ended</c>, …), or null.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>Followed repositories, in GitHub's spelling.</summary>
    public IReadOnlyList<string> Subscriptions
    {
        get
        {
            lock (_subscriptions)
            {
                return [.. _subscriptions.Values.Select(s => s.FullName).Order(StringComparer.OrdinalIgnoreCase)];
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

    /// <summary>The most events a resume may replay to this connection: what its queue holds.</summary>
    public int ReplayCapacity => _queueLength;

    public bool IsSubscribed(string key)
    {
        lock (_subscriptions)
        {
            return _subscriptions.ContainsKey(key);
        }
    }

    /// <summary>Whether <paramref name="liveEvent"/> is for this connection: it follows the event's repository name, and the
    /// event is about the repository (GitHub's id) the user's access list has under that name.</summary>
    public bool Follows(LiveEvent liveEvent)
    {
        ArgumentNullException.ThrowIfNull(liveEvent);
        lock (_subscriptions)
        {
            return _subscriptions.TryGetValue(liveEvent.RepositoryKey, out var subscription) && subscription.Id == liveEvent.RepositoryId;
        }
    }

    /// <summary>The repository id followed under <paramref name="key"/>, or null.</summary>
    public long? SubscribedId(string key)
    {
        lock (_subscriptions)
        {
            return _subscriptions.TryGetValue(key, out var subscription) ? subscription.Id : null;
        }
    }

    /// <summary>Follows <paramref name="fullName"/> as the repository with GitHub's id <paramref name="repositoryId"/> (again,
    /// when the id changed). Called with the dispatcher's gate held, so no event is queued between joining and the replay.</summary>
    public void Join(string key, string fullName, long repositoryId)
    {
        lock (_subscriptions)
        {
            _subscriptions[key] = (fullName, repositoryId);
        }

        _registry.Index(key, this);
    }

    public void Leave(string key)
    {
        lock (_subscriptions)
        {
            _subscriptions.Remove(key);
        }

        _registry.Unindex(key, this);
    }

    /// <summary>
    /// Queues <paramref name="liveEvent"/> without waiting; false (and the connection closed as too slow) when its
    /// client has fallen a whole queue behind.
    /// </summary>
    public bool Enqueue(LiveEvent liveEvent)
    {
        if (_queue.Writer.TryWrite(liveEvent))
        {
            return true;
        }

        Close(TooSlow);
        return false;
    }

    /// <summary>Queues <paramref name="liveEvent"/> if there is room, and does nothing else when there is none.</summary>
    protected bool TryQueue(LiveEvent liveEvent) => _queue.Writer.TryWrite(liveEvent);

    /// <summary>Replayed events go through the same queue, ahead of anything live (the gate is held); a queue that cannot
    /// take them all closes the connection as too slow, and the rest are not queued.</summary>
    public void Replay(IReadOnlyList<LiveEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var liveEvent in events)
        {
            if (!Enqueue(liveEvent))
            {
                return;
            }
        }
    }

    /// <summary>Tells the client its subscriptions changed without it asking (access withdrawn), through the queue.</summary>
    public virtual bool NotifySubscriptionsChanged() => true;

    /// <summary>Tells the client that a resume could not replay what it missed (an id too old, from another instance or a
    /// previous life of this one): what happened in between must be reloaded. <c>/events</c> says it in its preamble.</summary>
    public virtual bool NotifyResumeGap() => true;

    /// <summary>Ends the connection (session ended, lifetime reached, too slow, shutting down); the first reason stays.</summary>
    public void Close(string reason)
    {
        CloseReason ??= reason;
        CompleteQueue();
        OnClosed();
    }

    /// <summary>No more events will be queued: the writer stops once it has written what is there.</summary>
    internal void CompleteQueue() => _queue.Writer.TryComplete();

    /// <summary>The reason a connection whose client cannot keep up is closed with.</summary>
    public const string TooSlow = "too slow";

    /// <summary>Stops the transport (aborts the SignalR connection, ends the stream's response).</summary>
    protected abstract void OnClosed();
}
