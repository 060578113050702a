namespace ActionsDashboard.EventBus.RabbitMQ;

/// <summary>The RabbitMQ transport's settings, bound from the <c>EventBus</c> configuration section.</summary>
public sealed class RabbitMQEventBusOptions
{
    public const string SectionName = "EventBus";
    public const string DefaultExchangeName = "actionsdashboard.events";

    /// <summary>The durable topic exchange every service publishes to; the routing key is the event type's name.</summary>
    public string ExchangeName { get; set; } = DefaultExchangeName;

    /// <summary>
    /// The consuming service's queue, e.g. its resource name (<c>githubproxy-api</c>). Required when the service
    /// subscribes to anything. Replicas share this durable queue and split its messages between them.
    /// </summary>
    public string? QueueName { get; set; }

    /// <summary>
    /// Each process gets its own exclusive, auto-deleted queue named after <see cref="QueueName"/>, so every replica
    /// sees every event (fan-out, for Realtime.Hub). Events published while an instance is down are not kept for it.
    /// </summary>
    public bool InstanceQueue { get; set; }

    /// <summary>How many unacknowledged messages the broker sends ahead to this consumer.</summary>
    public int PrefetchCount { get; set; } = 32;

    /// <summary>How many times a message is handed to the handlers before a failure dead-letters it to <c>&lt;queue&gt;.dlq</c>.</summary>
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>
    /// Wait before the second delivery of a failed message, doubled on each further failure (up to
    /// <see cref="MaxRetryDelay"/>). Zero redelivers at once.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a publish waits for the broker's confirm before it counts as failed.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
