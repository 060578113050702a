using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActionsDashboard.EntityFrameworkCore;

/// <summary>Unhealthy until the migrations have been applied, so the orchestrator does not route to an old schema.</summary>
internal sealed class DatabaseMigrationHealthCheck<TContext>(string databaseName, DatabaseMigrationStatus<TContext> status) : IHealthCheck
    where TContext : DbContext
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.Applied
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, $"{databaseName} migrations have not been applied yet."));
}
