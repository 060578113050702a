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

    /// <summary>Queues an event about <paramref name="repository"/> (GitHub's id <paramref name="repositoryId"/>) for the
    /// connections that follow that name under that id.</summary>
    public LiveEvent Dispatch(string name, string repository, long repositoryId, Func<string, object> createPayload)
    {
        var key = RepositoryNames.Key(repository);
        LiveEvent liveEvent;
        lock (_gate)
        {
            liveEvent = buffer.Append(sequence =>
            {
                var payload = createPayload(EventIds.Format(sequence));
                return new LiveEvent(sequence, name, key, repositoryId, payload, JsonSerializer.Serialize(payload, payload.GetType(), JsonOptions));
            });

            // Followers of the name whose access list has another repository under it (an earlier or later one of the same
            // name) get nothing.
            foreach (var connection in registry.SubscribersOf(key).Where(connection => connection.Follows(liveEvent)))
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
