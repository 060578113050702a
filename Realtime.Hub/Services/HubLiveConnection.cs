using ActionsDashboard.Identity;
using Microsoft.AspNetCore.SignalR;

namespace Realtime.Hub.Services;

/// <summary>
/// A SignalR connection. <see cref="RunAsync"/> writes its queue to this one client: one event as its own method
/// (<c>run</c>, <c>job</c>, …), several that queued while the previous write ran as one <c>batch</c> message, in order.
/// A write that takes longer than the send timeout (the client stopped reading) closes it as too slow.
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
    /// <summary>
    /// The most events one <c>batch</c> carries. A message per event costs the hub a write, a flush and a send per
    /// connection, and the gateway and the client as much again: when a connection's queue backs up (an event to
    /// hundreds of connections at a time), what waits goes out together (#17 goal 3). A lone event never waits.
    /// </summary>
    public const int MaxBatch = 64;

    public override bool NotifySubscriptionsChanged() =>
        Enqueue(new LiveEvent(0, LiveEventNames.SubscriptionsChanged, "", 0, new SubscriptionsChangedMessage(Subscriptions), ""));

    public override bool NotifyResumeGap() =>
        Enqueue(new LiveEvent(0, LiveEventNames.ResumeGap, "", 0, ResumeGapMessage.Reload, ""));

    /// <summary>Writes queued events until the connection is closed; runs for the connection's life.</summary>
    public async Task RunAsync()
    {
        var client = hub.Clients.Client(Id);
        // One timer for the connection's life, armed for each write: not a new one per message.
        using var timeout = new CancellationTokenSource();
        var batch = new List<LiveBatchItem>(MaxBatch);
        while (await Queue.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && Queue.TryRead(out var liveEvent))
            {
                batch.Add(new LiveBatchItem(liveEvent.Name, liveEvent.Payload));
            }

            if (batch.Count == 0)
            {
                continue;
            }

            timeout.CancelAfter(sendTimeout);
            try
            {
                await (batch.Count == 1
                    ? client.SendAsync(batch[0].Event, batch[0].Data, timeout.Token)
                    : client.SendAsync(LiveEventNames.Batch, batch.ToArray(), timeout.Token));
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

            if (!timeout.TryReset())
            {
                // The timer fired as the write completed: the client is at the edge of too slow; treat it so.
                Close(TooSlow);
                return;
            }
        }
    }

    protected override void OnClosed() => context.Abort();
}
