using System.Diagnostics.Metrics;

namespace Realtime.Hub.Services;

/// <summary>Meter <c>Realtime.Hub</c>: events dispatched, connections open, subscriptions refused.</summary>
public sealed class RealtimeMetrics
{
    public const string MeterName = "Realtime.Hub";

    private readonly Counter<long> _dispatched;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _closed;

    public RealtimeMetrics(IMeterFactory meters, ConnectionRegistry registry)
    {
        var meter = meters.Create(MeterName);
        _dispatched = meter.CreateCounter<long>("realtime.events.dispatched", description: "Events sent to subscribers (once per event, any number of clients).");
        _refused = meter.CreateCounter<long>("realtime.subscriptions.refused", description: "Repositories a client asked for and was refused.");
        _closed = meter.CreateCounter<long>("realtime.connections.closed_by_server", description: "Connections the hub closed, by reason.");
        meter.CreateObservableGauge("realtime.connections", () => registry.Count, description: "Open SignalR and /events connections.");
    }

    public void EventDispatched(string name) => _dispatched.Add(1, new KeyValuePair<string, object?>("event", name));

    public void Refused(int count)
    {
        if (count > 0)
        {
            _refused.Add(count);
        }
    }

    public void Closed(string reason) => _closed.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
