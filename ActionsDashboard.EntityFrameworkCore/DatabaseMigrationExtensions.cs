using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.EntityFrameworkCore;

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
