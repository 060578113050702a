using ActionsDashboard.EventBus.Abstractions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.EventBus;

/// <summary>
/// Readiness: unhealthy until the service's subscriptions are in place, so an orchestrator does not count a consumer
/// as ready while events would still be routed past it. Healthy at once in a service that only publishes.
/// </summary>
internal sealed class EventBusSubscriptionHealthCheck(EventBusConsumerStatus status, IOptions<EventBusSubscriptionInfo> subscriptionInfo) : IHealthCheck
{
    public const string Name = "eventbus-subscription";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(subscriptionInfo.Value.EventTypes.Count == 0 || status.IsSubscribed
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, "The event bus consumer has not subscribed yet (is the broker reachable?)."));
}
