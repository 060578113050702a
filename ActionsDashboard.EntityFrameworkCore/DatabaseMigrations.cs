using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ActionsDashboard.EntityFrameworkCore;

public sealed class DatabaseMigrationOptions
{
    public const string SectionName = "Database";

    /// <summary>How long start-up keeps retrying an unreachable database before the process gives up (and is restarted).</summary>
    public TimeSpan MigrationTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>Whether this process has brought its database to the latest migration.</summary>
public sealed class DatabaseMigrationStatus<TContext> where TContext : DbContext
{
    private volatile bool _applied;

    public bool Applied => _applied;

    internal void MarkApplied() => _applied = true;
}

public static class DatabaseMigrationExtensions
{
    /// <summary>
    /// Applies <typeparamref name="TContext"/>'s migrations as a start-up step and adds a health check named
    /// <c>{databaseName}-migrations</c> that is unhealthy until they are applied.
    /// </summary>
    public static IHostApplicationBuilder AddDatabaseMigrations<TContext>(this IHostApplicationBuilder builder, string databaseName)
        where TContext : DbContext
    {
        builder.Services.AddOptions<DatabaseMigrationOptions>().BindConfiguration(DatabaseMigrationOptions.SectionName);
        builder.Services.AddSingleton<DatabaseMigrationStatus<TContext>>();
        builder.Services.AddHostedService(services => new DatabaseMigrator<TContext>(
            databaseName,
            services.GetRequiredService<IServiceScopeFactory>(),
            services.GetRequiredService<DatabaseMigrationStatus<TContext>>(),
            services.GetRequiredService<IOptions<DatabaseMigrationOptions>>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("ActionsDashboard.EntityFrameworkCore.DatabaseMigrator")));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            $"{databaseName}-migrations",
            services => new DatabaseMigrationHealthCheck<TContext>(databaseName, services.GetRequiredService<DatabaseMigrationStatus<TContext>>()),
            failureStatus: null,
            tags: null));
        return builder;
    }
}

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

/// <summary>Unhealthy until the migrations have been applied, so the orchestrator does not route to an old schema.</summary>
internal sealed class DatabaseMigrationHealthCheck<TContext>(string databaseName, DatabaseMigrationStatus<TContext> status) : IHealthCheck
    where TContext : DbContext
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.Applied
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, $"{databaseName} migrations have not been applied yet."));
}

internal static partial class MigrationLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Database} is at the latest migration.")]
    public static partial void Migrated(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Database} cannot be migrated yet; trying again in {DelaySeconds} s.")]
    public static partial void Retrying(ILogger logger, Exception exception, string database, double delaySeconds);
}
