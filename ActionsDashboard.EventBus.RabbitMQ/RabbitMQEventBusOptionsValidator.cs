using ActionsDashboard.EventBus.Abstractions;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.EventBus.RabbitMQ;

/// <summary>Fails start-up with a message saying which <c>EventBus:*</c> setting is wrong.</summary>
internal sealed class RabbitMQEventBusOptionsValidator(IOptions<EventBusSubscriptionInfo> subscriptionInfo)
    : IValidateOptions<RabbitMQEventBusOptions>
{
    public ValidateOptionsResult Validate(string? name, RabbitMQEventBusOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ExchangeName))
        {
            failures.Add("EventBus:ExchangeName must not be empty.");
        }

        if (subscriptionInfo.Value.EventTypes.Count > 0 && string.IsNullOrWhiteSpace(options.QueueName))
        {
            failures.Add("EventBus:QueueName is required in a service that subscribes to events: set it to the service's name " +
                "(environment variable EventBus__QueueName), e.g. 'githubproxy-api'.");
        }

        if (options.PrefetchCount is < 1 or > ushort.MaxValue)
        {
            failures.Add($"EventBus:PrefetchCount must be between 1 and {ushort.MaxValue} (got {options.PrefetchCount}).");
        }

        if (options.MaxDeliveryAttempts < 1)
        {
            failures.Add($"EventBus:MaxDeliveryAttempts must be at least 1 (got {options.MaxDeliveryAttempts}).");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.MaxRetryDelay < options.RetryDelay)
        {
            failures.Add("EventBus:RetryDelay must be zero or more and at most EventBus:MaxRetryDelay.");
        }

        if (options.PublishTimeout <= TimeSpan.Zero)
        {
            failures.Add("EventBus:PublishTimeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
