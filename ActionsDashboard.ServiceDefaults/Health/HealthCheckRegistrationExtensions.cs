using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

public static class HealthCheckRegistrationExtensions
{
    /// <summary>How long a client integration's check may take before it counts as failed.</summary>
    public static readonly TimeSpan ClientHealthCheckTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Renames the health check an Aspire client integration registered under its library's name (<c>PostgreSql</c>,
    /// <c>StackExchange.Redis</c>, <c>RabbitMQ.Client</c>) to the connection's name (<c>authdb</c>, <c>redis</c>,
    /// <c>eventbus</c>), which <c>/health</c>, the AppHost's dashboard and <see cref="DegradeHealthChecksOnFailure"/> use,
    /// and bounds it with <see cref="ClientHealthCheckTimeout"/>: a server that does not answer must not hold the
    /// readiness probe for the client's own connect timeout.
    /// </summary>
    public static IServiceCollection NameHealthCheckAfterConnection(this IServiceCollection services, string registeredName, string connectionName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(registeredName);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        services.PostConfigure<HealthCheckServiceOptions>(health =>
        {
            foreach (var registration in health.Registrations.Where(r => r.Name == registeredName))
            {
                registration.Name = connectionName;
                registration.Timeout = ClientHealthCheckTimeout;
            }
        });
        return services;
    }

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
}
