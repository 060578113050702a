using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Realtime.Hub.Services;

/// <summary>
/// SignalR's default lifetime manager for <c>/ws</c>, which also keeps each connection's context: a
/// <see cref="HubLiveConnection"/> writes an event's message, serialised once per protocol for every connection
/// (<see cref="Model.LiveEvent.SignalRMessage"/>), straight to it. Sending through <c>Clients.Client(id)</c> instead builds
/// and serialises a new message for each connection.
/// </summary>
public sealed class LiveHubLifetimeManager(ILogger<DefaultHubLifetimeManager<LiveUpdatesHub>> logger) : DefaultHubLifetimeManager<LiveUpdatesHub>(logger)
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> _connections = new(StringComparer.Ordinal);

    /// <summary>Runs before the hub's own <c>OnConnectedAsync</c>, so a connection the hub accepts is always found.</summary>
    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connections[connection.ConnectionId] = connection;
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connections.TryRemove(connection.ConnectionId, out _);
        return base.OnDisconnectedAsync(connection);
    }

    public HubConnectionContext? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);
}
