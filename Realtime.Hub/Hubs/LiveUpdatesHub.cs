using ActionsDashboard.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Realtime.Hub.Hubs;

/// <summary>
/// <c>/ws</c>: server → client <c>run</c>, <c>job</c>, <c>push</c>, <c>pullRequest</c>, <c>subscriptionsChanged</c>;
/// client → server <c>Subscribe</c>, <c>Unsubscribe</c>, <c>SubscribeSelected</c> (docs/contracts.md). A new connection
/// follows the user's selected repositories; <c>?lastEventId=</c> on the connection URL replays what it missed.
/// </summary>
[Authorize]
public sealed class LiveUpdatesHub(
    ConnectionRegistry registry,
    SubscriptionManager subscriptions,
    IHubContext<LiveUpdatesHub> hubContext,
    IOptions<RealtimeOptions> options,
    RealtimeMetrics metrics,
    TimeProvider time) : Microsoft.AspNetCore.SignalR.Hub
{
    public const string LastEventIdQuery = "lastEventId";

    public override async Task OnConnectedAsync()
    {
        if (Context.User?.GetInternalIdentity() is not { } identity || registry.Draining)
        {
            Context.Abort();
            return;
        }

        var settings = options.Value;
        var connection = new HubLiveConnection(Context, hubContext, registry, identity, time.GetUtcNow(), settings.StreamQueueLength, settings.SendTimeout);
        registry.Add(connection);
        // Its writer runs for the connection's life; it ends when the connection is removed or closed.
        _ = connection.RunAsync();
        // After the add: a SessionEnded handled from here on closes it; one handled before is seen here.
        if (registry.HasEnded(identity.SessionHash, time.GetUtcNow()))
        {
            registry.Remove(connection);
            Context.Abort();
            return;
        }

        if (registry.OverLimit(connection, settings) is { } tooMany)
        {
            registry.Remove(connection);
            // A HubException's message reaches the client in the close message.
            throw new HubException(tooMany);
        }

        try
        {
            var lastEventId = Context.GetHttpContext()?.Request.Query[LastEventIdQuery].ToString();
            // The client learns its default subscription before any replayed event.
            await subscriptions.SubscribeAsync(connection, requested: null, lastEventId, notifyFirst: true,
                cancellationToken: Context.ConnectionAborted);
        }
        catch
        {
            // SignalR does not call OnDisconnectedAsync when OnConnectedAsync throws: unregister here.
            registry.Remove(connection);
            throw;
        }
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (registry.TryGet(Context.ConnectionId, out var connection) && connection is not null)
        {
            if (connection.CloseReason == LiveConnection.TooSlow)
            {
                metrics.Closed("too-slow");
            }

            registry.Remove(connection);
        }

        return Task.CompletedTask;
    }

    public async Task<SubscriptionResult> Subscribe(string?[]? repositories)
    {
        var connection = Current();
        return (await subscriptions.SubscribeAsync(connection, repositories ?? [], resumeAfter: null, cancellationToken: Context.ConnectionAborted)).Result;
    }

    public void Unsubscribe(string?[]? repositories) => SubscriptionManager.Unsubscribe(Current(), repositories ?? []);

    /// <summary>Called by the browser right after it saved a new selection (PUT /api/settings): asks GitHubProxy.Api
    /// again instead of using the cached access list, so the new selection is what the connection follows.</summary>
    public async Task<SubscriptionResult> SubscribeSelected() =>
        (await subscriptions.SubscribeAsync(Current(), requested: null, resumeAfter: null, freshAccess: true,
            cancellationToken: Context.ConnectionAborted)).Result;

    private LiveConnection Current() =>
        registry.TryGet(Context.ConnectionId, out var connection) && connection is not null
            ? connection
            : throw new HubException("The connection is closing.");
}
