using Microsoft.Extensions.Options;

namespace Realtime.Hub.Services;

/// <summary>
/// For live connections: fetches each user's access list again every <see cref="RealtimeOptions.AccessRecheckInterval"/>
/// and drops repositories no longer allowed; closes connections older than <see cref="RealtimeOptions.MaxConnectionLifetime"/>;
/// queues a heartbeat on every <c>/events</c> stream each <see cref="RealtimeOptions.HeartbeatInterval"/>.
/// </summary>
public sealed partial class ConnectionHousekeeper(
    ConnectionRegistry registry,
    AccessListCache accessLists,
    RealtimeMetrics metrics,
    IOptions<RealtimeOptions> options,
    TimeProvider time,
    ILogger<ConnectionHousekeeper> logger) : BackgroundService
{
    /// <summary>Users whose access lists are fetched at once during a re-check.</summary>
    private const int RecheckParallelism = 8;

    // Two loops: a slow GitHubProxy.Api delays the re-checks, never the lifetime limit.
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var lifetimeTick = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks,
            Math.Min(settings.MaxConnectionLifetime.Ticks / 10, TimeSpan.FromSeconds(5).Ticks)));
        return Task.WhenAll(
            EveryAsync(lifetimeTick, _ => { CloseExpired(); return Task.CompletedTask; }, stoppingToken),
            EveryAsync(settings.HeartbeatInterval, _ => { QueueHeartbeats(); return Task.CompletedTask; }, stoppingToken),
            EveryAsync(settings.AccessRecheckInterval, RecheckAccessAsync, stoppingToken));
    }

    private async Task EveryAsync(TimeSpan period, Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await work(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary><c>: heartbeat</c> on every <c>/events</c> stream, through its queue (SignalR pings on its own).</summary>
    internal void QueueHeartbeats()
    {
        foreach (var connection in registry.All.OfType<StreamLiveConnection>())
        {
            connection.QueueHeartbeat();
        }
    }

    internal void CloseExpired()
    {
        var oldest = time.GetUtcNow() - options.Value.MaxConnectionLifetime;
        foreach (var connection in registry.All.Where(c => c.ConnectedAt <= oldest))
        {
            metrics.Closed("lifetime");
            connection.Close("lifetime");
        }
    }

    internal async Task RecheckAccessAsync(CancellationToken cancellationToken)
    {
        var byUser = registry.All.GroupBy(connection => connection.Identity.UserId).ToList();
        accessLists.Trim(byUser.Select(group => group.Key).ToHashSet());
        await Parallel.ForEachAsync(byUser, new ParallelOptions { MaxDegreeOfParallelism = RecheckParallelism, CancellationToken = cancellationToken },
            async (user, token) =>
            {
                AccessList access;
                try
                {
                    access = await accessLists.GetAsync(user.Key, fresh: true, token);
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
                {
                    // Keep what was allowed at the last successful check; try again next time.
                    LogRecheckFailed(logger, exception, user.Key);
                    return;
                }

                if (access.IsExpired(time.GetUtcNow()))
                {
                    // Nobody refreshed the list within its age limit: it grants nothing, so these connections end and the
                    // browser reloads through /api, which asks GitHub again.
                    foreach (var connection in user)
                    {
                        metrics.Closed("access-expired");
                        connection.Close("access expired");
                    }

                    LogAccessExpired(logger, user.Key);
                    return;
                }

                foreach (var connection in user)
                {
                    if (SubscriptionManager.Enforce(connection, access))
                    {
                        LogDropped(logger, connection.Id, user.Key);
                        connection.NotifySubscriptionsChanged();
                    }
                }
            });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-check the access list of GitHub user {UserId}; keeping its subscriptions until the next check.")]
    private static partial void LogRecheckFailed(ILogger logger, Exception exception, long userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The access list of GitHub user {UserId} is past its age limit; closed the user's live connections.")]
    private static partial void LogAccessExpired(ILogger logger, long userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped repositories no longer allowed from connection {ConnectionId} of GitHub user {UserId}.")]
    private static partial void LogDropped(ILogger logger, string connectionId, long userId);
}
