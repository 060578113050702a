using Microsoft.Extensions.Options;

namespace Realtime.Hub.Services;

/// <summary>
/// Decides what a connection may follow (only repositories in the user's access list; never what the client claims)
/// and joins it, replaying buffered events when the client resumes. A subscription is to a name as the repository the
/// access list has under it (GitHub's id): events about another repository of that name are not delivered.
/// </summary>
public sealed partial class SubscriptionManager(
    AccessListCache accessLists,
    LiveEventDispatcher dispatcher,
    ReplayBuffer buffer,
    RealtimeMetrics metrics,
    IOptions<RealtimeOptions> options,
    TimeProvider time,
    ILogger<SubscriptionManager> logger)
{
    /// <summary>The outcome of a subscription, plus whether a requested resume could be honoured exactly.</summary>
    public sealed record Outcome(SubscriptionResult Result, bool ResumeGap);

    /// <summary>
    /// Subscribes <paramref name="connection"/> to <paramref name="requested"/> (null: the user's selected repositories).
    /// With <paramref name="resumeAfter"/>, the buffered events after that id for the (whole) subscription are replayed
    /// before any live one; with <paramref name="notifyFirst"/>, the client is told its subscriptions before them.
    /// <paramref name="freshAccess"/> skips the cached access list: the caller knows the selection just changed.
    /// </summary>
    public async Task<Outcome> SubscribeAsync(LiveConnection connection, IReadOnlyList<string?>? requested, string? resumeAfter,
        bool notifyFirst = false, bool freshAccess = false, CancellationToken cancellationToken = default)
    {
        AccessList access;
        try
        {
            access = await accessLists.GetAsync(connection.Identity.UserId, freshAccess, cancellationToken);
            if (access.IsExpired(time.GetUtcNow()) && !freshAccess)
            {
                // The cached copy may predate the browser's refresh through /api: ask once more.
                access = await accessLists.GetAsync(connection.Identity.UserId, fresh: true, cancellationToken);
            }

            if (access.IsExpired(time.GetUtcNow()))
            {
                access = AccessList.Nothing(connection.Identity.UserId);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogAccessUnavailable(logger, exception, connection.Identity.UserId);
            access = AccessList.Nothing(connection.Identity.UserId);
        }

        var wanted = requested ?? access.Selected;
        var subscribed = new List<(string Key, string FullName, long Id)>();
        var refused = new List<string>();
        var limit = options.Value.MaxSubscriptionsPerConnection;
        var current = connection.SubscriptionCount;
        var added = 0;
        foreach (var name in wanted.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (name is null)
            {
                continue;
            }

            var key = RepositoryNames.Key(name);
            if (!RepositoryNames.IsWellFormed(name) || !access.Allowed.TryGetValue(key, out var allowed))
            {
                refused.Add(name);
            }
            else if (connection.IsSubscribed(key))
            {
                subscribed.Add((key, allowed.FullName, allowed.Id));
            }
            else if (current + added >= limit)
            {
                refused.Add(name);
            }
            else
            {
                subscribed.Add((key, allowed.FullName, allowed.Id));
                added++;
            }
        }

        metrics.Refused(refused.Count);
        // Under the gate only memory is touched (joins, and queueing the replay): no client is waited on, so a client
        // that does not read cannot hold up dispatching. One whose queue cannot take the replay is closed as too slow.
        var resumeGap = dispatcher.WithGate(() =>
        {
            foreach (var (key, fullName, id) in subscribed)
            {
                connection.Join(key, fullName, id);
            }

            if (notifyFirst && !connection.NotifySubscriptionsChanged())
            {
                return false;
            }

            if (string.IsNullOrEmpty(resumeAfter))
            {
                return false;
            }

            var limit = Math.Min(options.Value.MaxReplayEvents, connection.ReplayCapacity);
            if (EventIds.TryParse(resumeAfter, out var last)
                && buffer.TryGetAfter(last, connection.Follows, out var missed)
                && missed.Count <= limit)
            {
                connection.Replay(missed);
                return false;
            }

            // Too old, unknown, or more than a replay should carry: the client reloads instead (told before any live event).
            connection.NotifyResumeGap();
            return true;
        });

        return new Outcome(new SubscriptionResult([.. subscribed.Select(s => s.FullName)], refused), resumeGap);
    }

    public static void Unsubscribe(LiveConnection connection, IEnumerable<string?> repositories)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(repositories);
        foreach (var name in repositories)
        {
            if (name is not null && connection.IsSubscribed(RepositoryNames.Key(name)))
            {
                connection.Leave(RepositoryNames.Key(name));
            }
        }
    }

    /// <summary>
    /// Drops what <paramref name="access"/> no longer allows; true when something was dropped. A name the list now has under
    /// another id (deleted and re-created, or transferred and reused) is dropped too: the client subscribes again, to the
    /// repository the name is now, if it wants it.
    /// </summary>
    public static bool Enforce(LiveConnection connection, AccessList access)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(access);
        var dropped = false;
        foreach (var key in connection.SubscriptionKeys)
        {
            if (!access.Allowed.TryGetValue(key, out var allowed) || connection.SubscribedId(key) != allowed.Id)
            {
                connection.Leave(key);
                dropped = true;
            }
        }

        return dropped;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch the access list of GitHub user {UserId}; refusing the subscription for now.")]
    private static partial void LogAccessUnavailable(ILogger logger, Exception exception, long userId);
}
