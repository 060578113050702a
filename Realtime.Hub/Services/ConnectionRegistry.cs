using System.Collections.Concurrent;

namespace Realtime.Hub.Services;

/// <summary>Every live connection on this instance, and the <c>/events</c> streams per repository key.</summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, LiveConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, StreamLiveConnection>> _streamsByRepository = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _endedSessions = new(StringComparer.Ordinal);

    public int Count => _connections.Count;

    /// <summary>Set when the instance is shutting down: no new connections.</summary>
    public bool Draining { get; set; }

    public IReadOnlyCollection<LiveConnection> All => [.. _connections.Values];

    public void Add(LiveConnection connection) => _connections[connection.Id] = connection;

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

    public void Remove(LiveConnection connection)
    {
        _connections.TryRemove(connection.Id, out _);
        if (connection is StreamLiveConnection stream)
        {
            foreach (var key in stream.SubscriptionKeys)
            {
                UnindexStream(key, stream);
            }
        }
    }

    public bool TryGet(string id, out LiveConnection? connection) => _connections.TryGetValue(id, out connection);

    public IEnumerable<LiveConnection> ForSession(string sessionHash) =>
        _connections.Values.Where(connection => string.Equals(connection.Identity.SessionHash, sessionHash, StringComparison.Ordinal));

    public IEnumerable<StreamLiveConnection> StreamsFor(string repositoryKey) =>
        _streamsByRepository.TryGetValue(repositoryKey, out var streams) ? streams.Values : [];

    internal void IndexStream(string key, StreamLiveConnection stream) =>
        _streamsByRepository.GetOrAdd(key, _ => new(StringComparer.Ordinal))[stream.Id] = stream;

    internal void UnindexStream(string key, StreamLiveConnection stream)
    {
        if (_streamsByRepository.TryGetValue(key, out var streams))
        {
            streams.TryRemove(stream.Id, out _);
        }
    }
}
