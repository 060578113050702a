using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Auth.Api.Infrastructure;

/// <summary>
/// Deletes expired sessions and abandoned sign-ins now and then. Expiry is enforced on every lookup anyway; this only
/// keeps sealed tokens from lingering at rest longer than needed.
/// </summary>
internal sealed partial class ExpiredRowsCleaner(IServiceScopeFactory scopeFactory, TimeProvider time, ILogger<ExpiredRowsCleaner> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopeFactory.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
                var now = time.GetUtcNow();
                var sessions = await db.Sessions.Where(s => s.IdleExpiresAt <= now || s.AbsoluteExpiresAt <= now).ExecuteDeleteAsync(stoppingToken);
                var attempts = await db.SignInAttempts.Where(a => a.ExpiresAt <= now).ExecuteDeleteAsync(stoppingToken);
                LogCleaned(logger, sessions, attempts);
            }
            catch (Exception exception) when (exception is NpgsqlException or DbUpdateException or TimeoutException)
            {
                LogCleanupFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Sessions} expired sessions and {Attempts} abandoned sign-ins.")]
    private static partial void LogCleaned(ILogger logger, int sessions, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete expired sessions; trying again later.")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception);
}
