using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActionsDashboard.Hosting.LocalServers;

/// <summary>
/// Until a resource has been healthy once, asks <paramref name="inner"/> every 100 ms for up to
/// <paramref name="window"/> in one check; afterwards, once per check. Aspire re-checks an unhealthy resource after
/// 1, 2, 3, 4 then 5 s, so a server that comes up 7 s after its start is seen at 10 s, and every link of a
/// chain of WaitFor (broker, services, gateway) adds such a wait; polling fast while starting removes it.
/// </summary>
public sealed class StartupPollingHealthCheck(IHealthCheck inner, TimeSpan window) : IHealthCheck
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    private volatile bool _wasHealthy;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + (_wasHealthy ? TimeSpan.Zero : window);
        while (true)
        {
            var result = await inner.CheckHealthAsync(context, cancellationToken).ConfigureAwait(false);
            if (result.Status == HealthStatus.Healthy)
            {
                _wasHealthy = true;
                return result;
            }

            if (DateTime.UtcNow + Step >= deadline)
            {
                return result;
            }

            await Task.Delay(Step, cancellationToken).ConfigureAwait(false);
        }
    }
}
