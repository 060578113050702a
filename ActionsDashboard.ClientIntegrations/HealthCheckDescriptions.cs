using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActionsDashboard.ClientIntegrations;

internal static class HealthCheckDescriptions
{
    // The exception type and message say what failed (refused, timed out, authentication); the
    // connection string is never part of them.
    public static HealthCheckResult Unreachable(HealthCheckContext context, string server, Exception exception) =>
        new(context.Registration.FailureStatus,
            $"{server} is unreachable: {exception.GetType().Name}: {exception.Message}",
            exception);
}
