using ActionsDashboard.ClientIntegrations;
using ActionsDashboard.ClientIntegrations.Npgsql;
using ActionsDashboard.ClientIntegrations.RabbitMQ;
using ActionsDashboard.ClientIntegrations.Redis;
using global::Npgsql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Client integrations in the shape of .NET Aspire's: a connection string from
/// <c>ConnectionStrings:&lt;name&gt;</c>, a singleton client (also keyed by the name, for a service
/// with two of a kind) and a readiness health check named after the connection. The checks are not
/// tagged <c>live</c>: a database outage must not make the orchestrator restart a healthy process.
/// </summary>
public static class ClientIntegrationExtensions
{
    public static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Health checks whose name starts with <paramref name="namePrefix"/> report <c>Degraded</c> instead of
    /// <c>Unhealthy</c> when they fail: for a dependency whose outage slows or limits this service but must not make
    /// it unready (a broker the service only publishes to through an outbox, or only listens to).
    /// </summary>
    public static IServiceCollection DegradeHealthChecksOnFailure(this IServiceCollection services, string namePrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namePrefix);
        services.PostConfigure<HealthCheckServiceOptions>(health =>
        {
            foreach (var registration in health.Registrations.Where(r => r.Name.StartsWith(namePrefix, StringComparison.Ordinal)))
            {
                registration.FailureStatus = HealthStatus.Degraded;
            }
        });
        return services;
    }

    /// <summary>
    /// Registers an <see cref="NpgsqlDataSource"/> (also as <see cref="System.Data.Common.DbDataSource"/>)
    /// for the connection string <c>ConnectionStrings:&lt;connectionName&gt;</c> and a health check that
    /// runs <c>SELECT 1</c>.
    /// </summary>
    public static TBuilder AddNpgsqlDataSource<TBuilder>(
        this TBuilder builder,
        string connectionName,
        Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder = null)
        where TBuilder : IHostApplicationBuilder
    {
        EnsureConnectionString(builder.Configuration, connectionName);
        builder.Services.AddKeyedSingleton(connectionName, (services, _) =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(GetConnectionString(services, connectionName));
            configureDataSourceBuilder?.Invoke(dataSource);
            return dataSource.Build();
        });
        builder.Services.TryAddSingleton(services => services.GetRequiredKeyedService<NpgsqlDataSource>(connectionName));
        builder.Services.TryAddSingleton<System.Data.Common.DbDataSource>(services => services.GetRequiredService<NpgsqlDataSource>());
        AddHealthCheck(builder, connectionName, services =>
            new NpgsqlHealthCheck(services.GetRequiredKeyedService<NpgsqlDataSource>(connectionName)));
        return builder;
    }

    /// <summary>
    /// Registers a StackExchange.Redis <see cref="ConnectionMultiplexer"/> (also as
    /// <see cref="IConnectionMultiplexer"/>) for <c>ConnectionStrings:&lt;connectionName&gt;</c>
    /// (<c>host:port,password=...</c>), created on first use and with <c>abortConnect=false</c>, so
    /// the service starts and keeps reconnecting while Redis is down; and a health check that PINGs.
    /// </summary>
    public static TBuilder AddRedisClient<TBuilder>(this TBuilder builder, string connectionName)
        where TBuilder : IHostApplicationBuilder
    {
        EnsureConnectionString(builder.Configuration, connectionName);
        builder.Services.AddKeyedSingleton(connectionName, (services, _) =>
            new RedisConnectionProvider(GetConnectionString(services, connectionName)));
        builder.Services.AddKeyedSingleton(connectionName, (services, key) =>
            services.GetRequiredKeyedService<RedisConnectionProvider>(key).GetConnection());
        builder.Services.TryAddSingleton(services => services.GetRequiredKeyedService<ConnectionMultiplexer>(connectionName));
        builder.Services.TryAddSingleton<IConnectionMultiplexer>(services => services.GetRequiredService<ConnectionMultiplexer>());
        AddHealthCheck(builder, connectionName, services =>
            new RedisHealthCheck(services.GetRequiredKeyedService<RedisConnectionProvider>(connectionName)));
        return builder;
    }

    /// <summary>
    /// Registers an <see cref="IRabbitMQConnectionProvider"/> for <c>ConnectionStrings:&lt;connectionName&gt;</c>
    /// (<c>amqp://user:password@host:port</c>): one connection, opened on first use, with automatic
    /// recovery; and a health check that succeeds while that connection is open.
    /// </summary>
    public static TBuilder AddRabbitMQClient<TBuilder>(this TBuilder builder, string connectionName)
        where TBuilder : IHostApplicationBuilder
    {
        EnsureConnectionString(builder.Configuration, connectionName);
        builder.Services.AddKeyedSingleton(connectionName, (services, _) =>
            new RabbitMQConnectionProvider(
                GetConnectionString(services, connectionName),
                services.GetRequiredService<IHostEnvironment>().ApplicationName));
        builder.Services.AddKeyedSingleton<IRabbitMQConnectionProvider>(connectionName, (services, key) =>
            services.GetRequiredKeyedService<RabbitMQConnectionProvider>(key));
        builder.Services.TryAddSingleton(services =>
            services.GetRequiredKeyedService<IRabbitMQConnectionProvider>(connectionName));
        AddHealthCheck(builder, connectionName, services =>
            new RabbitMQHealthCheck(services.GetRequiredKeyedService<RabbitMQConnectionProvider>(connectionName)));
        return builder;
    }

    private static void AddHealthCheck(IHostApplicationBuilder builder, string connectionName, Func<IServiceProvider, IHealthCheck> create) =>
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            connectionName, create, HealthStatus.Unhealthy, tags: null, timeout: HealthCheckTimeout));

    private static void EnsureConnectionString(IConfiguration configuration, string connectionName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(connectionName)))
        {
            throw MissingConnectionString(connectionName);
        }
    }

    // Read again when the client is created: configuration added after registration (a test host's
    // overrides) counts.
    private static string GetConnectionString(IServiceProvider services, string connectionName)
    {
        var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString(connectionName);
        return string.IsNullOrWhiteSpace(connectionString) ? throw MissingConnectionString(connectionName) : connectionString;
    }

    private static InvalidOperationException MissingConnectionString(string connectionName) => new(
        $"Connection string 'ConnectionStrings:{connectionName}' is missing: set it in configuration or in the environment variable 'ConnectionStrings__{connectionName}'.");
}
