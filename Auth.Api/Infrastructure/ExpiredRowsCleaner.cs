using ActionsDashboard.IntegrationEvents;
using Auth.Api.Services;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Auth.Api.Infrastructure;

/// <summary>
/// Ends expired sessions and deletes abandoned sign-ins now and then. Expiry is enforced on every lookup anyway; this keeps
/// sealed tokens from lingering at rest longer than needed, and announces each ended session (<c>SessionEnded</c>, reason
/// <c>expired</c>) so the gateway forgets it and Realtime.Hub closes its live connections.
/// </summary>
internal sealed partial class ExpiredRowsCleaner(IServiceScopeFactory scopeFactory, TimeProvider time, ILogger<ExpiredRowsCleaner> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    /// <summary>Sessions ended per sweep at most; the rest wait for the next one.</summary>
    private const int BatchSize = 1_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or DbUpdateException or TimeoutException)
            {
                LogCleanupFailed(logger, exception);
            }
        }
    }

    /// <summary>One sweep: each expired session is ended as a sign-out ends one (row, cached snapshot, announcement).</summary>
    internal async Task SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var sessions = scope.ServiceProvider.GetRequiredService<SessionStore>();
        var now = time.GetUtcNow();
        var expired = await db.Sessions.Where(s => s.IdleExpiresAt <= now || s.AbsoluteExpiresAt <= now)
            .OrderBy(s => s.IdleExpiresAt).Select(s => s.IdHash).Take(BatchSize).ToListAsync(cancellationToken);
        foreach (var hash in expired)
        {
            await sessions.EndAsync(hash, SessionEndReasons.Expired, cancellationToken);
        }

        var attempts = await db.SignInAttempts.Where(a => a.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        LogCleaned(logger, expired.Count, attempts);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ended {Sessions} expired sessions and deleted {Attempts} abandoned sign-ins.")]
    private static partial void LogCleaned(ILogger logger, int sessions, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete expired sessions; trying again later.")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception);
}
