using System.Collections.Concurrent;

namespace Realtime.Hub.Services;

/// <summary>Every live connection on this instance, and the connections that follow each repository key.</summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, LiveConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, LiveConnection>> _byRepository = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _endedSessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, int> _perUser = new();
    private readonly ConcurrentDictionary<string, int> _perSession = new(StringComparer.Ordinal);

    public int Count => _connections.Count;

    /// <summary>Set when the instance is shutting down: no new connections.</summary>
    public bool Draining { get; set; }

    public IReadOnlyCollection<LiveConnection> All => [.. _connections.Values];

    public void Add(LiveConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (_connections.TryAdd(connection.Id, connection))
        {
            _perUser.AddOrUpdate(connection.Identity.UserId, 1, (_, count) => count + 1);
            _perSession.AddOrUpdate(connection.Identity.SessionHash, 1, (_, count) => count + 1);
        }
    }

    /// <summary>
    /// Remembers that a session ended until <paramref name="forgetAt"/>, and forgets those past theirs. Marked before its
    /// connections are closed, and checked after a new one is added (<see cref="HasEnded"/>), so a connection that
    /// races the end is closed by one side or the other.
    /// </summary>
    public void EndSession(string sessionHash, DateTimeOffset forgetAt, DateTimeOffset now)
    {
        _endedSessions[sessionHash] = forgetAt;
        foreach (var (hash, until) in _endedSessions)
        {
            if (until <= now)
            {
                _endedSessions.TryRemove(KeyValuePair.Create(hash, until));
            }
        }
    }

    public bool HasEnded(string sessionHash, DateTimeOffset now) =>
        _endedSessions.TryGetValue(sessionHash, out var until) && until > now;

    /// <summary>Unregisters the connection and ends its queue (a SignalR connection's writer stops with it); the transport
    /// is left to its caller.</summary>
    public void Remove(LiveConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (_connections.TryRemove(connection.Id, out _))
        {
            Decrement(_perUser, connection.Identity.UserId);
            Decrement(_perSession, connection.Identity.SessionHash);
        }

        foreach (var key in connection.SubscriptionKeys)
        {
            Unindex(key, connection);
        }

        connection.CompleteQueue();
    }

    public bool TryGet(string id, out LiveConnection? connection) => _connections.TryGetValue(id, out connection);

    public IEnumerable<LiveConnection> ForSession(string sessionHash) =>
        _connections.Values.Where(connection => string.Equals(connection.Identity.SessionHash, sessionHash, StringComparison.Ordinal));

    /// <summary>The connections on this instance that follow <paramref name="repositoryKey"/>.</summary>
    public IEnumerable<LiveConnection> SubscribersOf(string repositoryKey) =>
        _byRepository.TryGetValue(repositoryKey, out var connections) ? connections.Values : [];

    /// <summary>
    /// Why <paramref name="connection"/>, just added, is one too many for its session or user, or null. Checked after the
    /// add, so two racing connections can both be refused but never both exceed the cap.
    /// </summary>
    public string? OverLimit(LiveConnection connection, RealtimeOptions limits)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(limits);
        // Counted as connections come and go: a connect costs two look-ups, not a walk over every connection.
        var session = _perSession.GetValueOrDefault(connection.Identity.SessionHash);
        var user = _perUser.GetValueOrDefault(connection.Identity.UserId);
        return session > limits.MaxConnectionsPerSession
            ? $"This session already has {limits.MaxConnectionsPerSession} live connections; close a tab or window and try again."
            : user > limits.MaxConnectionsPerUser
                ? $"This account already has {limits.MaxConnectionsPerUser} live connections; close some tabs or sign out elsewhere."
                : null;
    }

    private static void Decrement<TKey>(ConcurrentDictionary<TKey, int> counts, TKey key) where TKey : notnull
    {
        while (counts.TryGetValue(key, out var count))
        {
            var updated = count <= 1 ? counts.TryRemove(KeyValuePair.Create(key, count)) : counts.TryUpdate(key, count - 1, count);
            if (updated)
            {
                return;
            }
        }
    }

    internal void Index(string key, LiveConnection connection) =>
        _byRepository.GetOrAdd(key, _ => new(StringComparer.Ordinal))[connection.Id] = connection;

    internal void Unindex(string key, LiveConnection connection)
    {
        if (_byRepository.TryGetValue(key, out var connections))
        {
            connections.TryRemove(connection.Id, out _);
        }
    }
}
