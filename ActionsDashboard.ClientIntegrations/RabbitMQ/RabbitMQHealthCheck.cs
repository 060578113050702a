using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActionsDashboard.ClientIntegrations.RabbitMQ;

internal sealed class RabbitMQHealthCheck(RabbitMQConnectionProvider connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await connections.GetConnectionAsync(cancellationToken).ConfigureAwait(false);
            return connection.IsOpen
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(context.Registration.FailureStatus, "RabbitMQ connection is closed; automatic recovery is retrying.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckDescriptions.Unreachable(context, "RabbitMQ", exception);
        }
    }
}
