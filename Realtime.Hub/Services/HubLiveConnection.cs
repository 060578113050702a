using ActionsDashboard.Identity;
using Microsoft.AspNetCore.SignalR;

namespace Realtime.Hub.Services;

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
