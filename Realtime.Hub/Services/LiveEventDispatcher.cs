using System.Text.Json;
using ActionsDashboard.Contracts;

namespace Realtime.Hub.Services;

/// <summary>
/// Gives each event its id, keeps it for resume and queues it for the repository's subscribers on both transports.
/// Nothing here waits on a client: each connection writes its own bounded queue, and one that falls a queue behind is
/// closed, so a client that stops reading delays no one else. Subscribing (join + replay) and dispatching take the
/// same gate, so a client that joins gets every event exactly once: those before the join from the replay buffer,
/// those after live.
/// </summary>
public sealed class LiveEventDispatcher(ReplayBuffer buffer, ConnectionRegistry registry, RealtimeMetrics metrics)
{
    public static readonly JsonSerializerOptions JsonOptions = ContractJson.CreateOptions();

    private readonly Lock _gate = new();

    public LiveEvent Dispatch(string name, string repository, Func<string, object> createPayload)
    {
        var key = RepositoryNames.Key(repository);
        LiveEvent liveEvent;
        lock (_gate)
        {
            liveEvent = buffer.Append(sequence =>
            {
                var payload = createPayload(EventIds.Format(sequence));
                return new LiveEvent(sequence, name, key, payload, JsonSerializer.Serialize(payload, payload.GetType(), JsonOptions));
            });

            foreach (var connection in registry.SubscribersOf(key))
            {
                // A full queue closes the connection as too slow; its transport records why when it ends.
                connection.Enqueue(liveEvent);
            }
        }

        metrics.EventDispatched(name);
        return liveEvent;
    }

    /// <summary>Runs <paramref name="action"/> with no event being dispatched meanwhile; it must not wait on anything.</summary>
    public T WithGate<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_gate)
        {
            return action();
        }
    }
}
