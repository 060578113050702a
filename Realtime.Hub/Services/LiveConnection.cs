using ActionsDashboard.Identity;

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
