using ActionsDashboard.Identity;
using Microsoft.AspNetCore.SignalR;

namespace Realtime.Hub.Services;

/// <summary>
/// A SignalR connection. <see cref="RunAsync"/> writes its queue to this one client, one message at a time; a write
/// that takes longer than the send timeout (the client stopped reading) closes it as too slow.
/// </summary>
public sealed class HubLiveConnection(
    HubCallerContext context,
    IHubContext<LiveUpdatesHub> hub,
    ConnectionRegistry registry,
    InternalIdentity identity,
    DateTimeOffset connectedAt,
    int queueLength,
    TimeSpan sendTimeout)
    : LiveConnection(context.ConnectionId, registry, identity, connectedAt, queueLength)
{
    public override bool NotifySubscriptionsChanged() =>
        Enqueue(new LiveEvent(0, LiveEventNames.SubscriptionsChanged, "", 0, new SubscriptionsChangedMessage(Subscriptions), ""));

    public override bool NotifyResumeGap() =>
        Enqueue(new LiveEvent(0, LiveEventNames.ResumeGap, "", 0, ResumeGapMessage.Reload, ""));

    /// <summary>Writes queued events until the connection is closed; runs for the connection's life.</summary>
    public async Task RunAsync()
    {
        var client = hub.Clients.Client(Id);
        await foreach (var liveEvent in Queue.ReadAllAsync())
        {
            using var timeout = new CancellationTokenSource(sendTimeout);
            try
            {
                await client.SendAsync(liveEvent.Name, liveEvent.Payload, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Close(TooSlow);
                return;
            }
            catch (Exception)
            {
                // The connection is going away (or its transport failed): it reconnects and resumes by id.
                Close("send failed");
                return;
            }
        }
    }

    protected override void OnClosed() => context.Abort();
}
