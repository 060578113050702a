using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ActionsDashboard.EntityFrameworkCore;

/// <summary>
/// Applies EF Core migrations as a start-up step: hosted services start before the web server listens, so no request
/// is served against an old schema. EF Core takes a database lock while migrating, so replicas can start together.
/// </summary>
internal sealed class DatabaseMigrator<TContext>(
    string databaseName,
    IServiceScopeFactory scopeFactory,
    DatabaseMigrationStatus<TContext> status,
    IOptions<DatabaseMigrationOptions> options,
    ILogger logger) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + options.Value.MigrationTimeout;
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await using var scope = scopeFactory.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                // On a new database EF would first query a history table that is not there yet and log that as an
                // error; creating it up front (idempotent) keeps a first start's log clean.
                if (await db.Database.CanConnectAsync(cancellationToken))
                {
                    await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
                }

                await db.Database.MigrateAsync(cancellationToken);
                status.MarkApplied();
                MigrationLog.Migrated(logger, databaseName);
                return;
            }
            catch (Exception exception) when (IsTransient(exception) && DateTimeOffset.UtcNow + delay < deadline)
            {
                MigrationLog.Retrying(logger, exception, databaseName, delay.TotalSeconds);
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
}
