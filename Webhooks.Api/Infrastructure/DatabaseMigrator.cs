using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Webhooks.Api.Infrastructure;

public sealed class DatabaseMigrationOptions
{
    public const string SectionName = "Database";

    /// <summary>How long start-up keeps retrying an unreachable database before the process gives up (and is restarted).</summary>
    public TimeSpan MigrationTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>Whether this process has brought <c>webhooksdb</c> to the latest migration.</summary>
public sealed class DatabaseMigrationStatus
{
    private volatile bool _applied;

    public bool Applied => _applied;

    internal void MarkApplied() => _applied = true;
}

/// <summary>
/// Applies EF Core migrations as a start-up step: hosted services start before the web server listens, so no request
/// is served against an old schema. EF Core takes a database lock while migrating, so replicas can start together.
/// </summary>
internal sealed partial class DatabaseMigrator(
    IServiceScopeFactory scopeFactory,
    DatabaseMigrationStatus status,
    IOptions<DatabaseMigrationOptions> options,
    ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + options.Value.MigrationTimeout;
        var delay = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                await using var scope = scopeFactory.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<WebhooksDbContext>();
                // On a new database EF would first query a history table that is not there yet and log that as an
                // error; creating it up front (idempotent) keeps a first start's log clean.
                if (await db.Database.CanConnectAsync(cancellationToken))
                {
                    await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
                }

                await db.Database.MigrateAsync(cancellationToken);
                status.MarkApplied();
                LogMigrated(logger);
                return;
            }
            catch (Exception exception) when (IsTransient(exception) && DateTimeOffset.UtcNow + delay < deadline)
            {
                LogRetrying(logger, exception, delay.TotalSeconds);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsTransient(Exception exception) =>
        exception is NpgsqlException { IsTransient: true } or SocketException or TimeoutException
        || (exception is NpgsqlException { InnerException: { } inner } && IsTransient(inner))
        // 57P03: the database system is starting up.
        || exception is PostgresException { SqlState: "57P03" };

    [LoggerMessage(Level = LogLevel.Information, Message = "webhooksdb is at the latest migration.")]
    private static partial void LogMigrated(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "webhooksdb cannot be migrated yet; trying again in {DelaySeconds} s.")]
    private static partial void LogRetrying(ILogger logger, Exception exception, double delaySeconds);
}

/// <summary>Unhealthy until the migrations have been applied, so the orchestrator does not route to an old schema.</summary>
internal sealed class DatabaseMigrationHealthCheck(DatabaseMigrationStatus status) : IHealthCheck
{
    public const string Name = "webhooksdb-migrations";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.Applied
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, "webhooksdb migrations have not been applied yet."));
}
