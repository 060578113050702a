using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActionsDashboard.ClientIntegrations.Redis;

internal sealed class RedisHealthCheck(RedisConnectionProvider connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // StackExchange.Redis 1.x takes no cancellation token; bound the wait ourselves.
            var connection = await connections.GetConnectionAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckDescriptions.Unreachable(context, "Redis", exception);
        }
    }
}
