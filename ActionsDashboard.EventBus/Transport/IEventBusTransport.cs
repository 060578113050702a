namespace ActionsDashboard.EventBus.Transport;

/// <summary>
/// The one seam between the bus and a broker. Everything broker-neutral (serialization, trace context, handler
/// dispatch, idempotency) stays above it; a transport only moves bytes and owns delivery guarantees: durable
/// publishing, acknowledgement, bounded redelivery and dead-lettering. RabbitMQ implements it here; an Azure
/// Service Bus transport would map the same contract onto topics, subscriptions, complete / abandon and its own
/// dead-letter sub-queue.
/// </summary>
public interface IEventBusTransport
{
    /// <summary>The broker's name for the <c>messaging.system</c> trace attribute, e.g. <c>rabbitmq</c>.</summary>
    string MessagingSystem { get; }

    /// <summary>Completes when the broker has durably accepted the message; throws when it did not (retry later).</summary>
    Task PublishAsync(OutgoingEventMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Starts delivering messages of <paramref name="eventTypes"/> to <paramref name="handler"/>, one at a time, until
    /// the returned subscription is disposed, reconnecting by itself after a broker outage. When the handler returns
    /// the message is acknowledged; when it throws the message is delivered again later, up to the transport's limit,
    /// then dead-lettered; a <see cref="Abstractions.PoisonMessageException"/> dead-letters it at once.
    /// </summary>
    Task<IAsyncDisposable> SubscribeAsync(
        IReadOnlyCollection<string> eventTypes,
        Func<IncomingEventMessage, CancellationToken, Task> handler,
        CancellationToken cancellationToken);
}
