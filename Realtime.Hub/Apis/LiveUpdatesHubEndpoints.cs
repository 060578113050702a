using Microsoft.AspNetCore.Http.Connections;

namespace Realtime.Hub.Apis;

public static class LiveUpdatesHubEndpoints
{
    /// <summary>The SignalR hub at <c>/ws</c>: WebSockets, then Server-Sent Events, then long polling. The gateway checks
    /// the session; the identity token it mints is validated on every HTTP request that opens, polls or sends.</summary>
    public static IEndpointRouteBuilder MapLiveUpdatesHub(this IEndpointRouteBuilder app)
    {
        app.MapHub<LiveUpdatesHub>("/ws", hub =>
        {
            hub.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
            // A WebSocket client that drops briefly (withStatefulReconnect in @microsoft/signalr) gets what it missed.
            hub.AllowStatefulReconnects = true;
        })
            .WithSummary("The SignalR hub for live run and job changes: WebSockets, Server-Sent Events or long polling.")
            .WithTags("Live updates")
            .RequireAuthorization();
        return app;
    }
}
