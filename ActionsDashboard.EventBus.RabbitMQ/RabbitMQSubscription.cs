using System.Globalization;
using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.EventBus.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace ActionsDashboard.EventBus.RabbitMQ;

/// <summary>
/// One service's consumer: its queue bound to the exchange for each subscribed event type, manual acknowledgements,
/// prefetch, and bounded redelivery. A message whose handling fails is republished (with <c>x-retry-count</c> raised)
/// through <c>&lt;queue&gt;.retry</c>, whose per-message TTL dead-letters it back into the queue after the back-off;
/// after <c>MaxDeliveryAttempts</c> failures, or at once for a poison message, it goes to <c>&lt;queue&gt;.dlq</c>.
/// The copy is confirmed before the original is acknowledged, so a crash in between duplicates a message but never
/// loses one.
/// </summary>
public sealed partial class RabbitMQSubscription : IAsyncDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(30);

    private readonly RabbitMQEventBusTransport _transport;
    private readonly RabbitMQConnectionSource _connections;
    private readonly RabbitMQEventBusOptions _options;
    private readonly IReadOnlyCollection<string> _eventTypes;
    private readonly Func<IncomingEventMessage, CancellationToken, Task> _handler;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _handling = new(1, 1);
    private IChannel? _channel;
    private string? _consumerTag;
    private int _restarting;
    private volatile bool _closing;

    internal RabbitMQSubscription(
        RabbitMQEventBusTransport transport,
        RabbitMQConnectionSource connections,
        RabbitMQEventBusOptions options,
        IHostEnvironment environment,
        IReadOnlyCollection<string> eventTypes,
        Func<IncomingEventMessage, CancellationToken, Task> handler,
        ILogger logger)
    {
        _transport = transport;
        _connections = connections;
        _options = options;
        _eventTypes = eventTypes;
        _handler = handler;
        _logger = logger;

        var baseName = options.QueueName is { Length: > 0 } name ? name : environment.ApplicationName.ToLowerInvariant();
        QueueName = options.InstanceQueue ? $"{baseName}.{SanitizedMachineName()}.{Guid.NewGuid().ToString("N")[..12]}" : baseName;
        RetryQueueName = $"{QueueName}.retry";
        // Instance queues come and go with their process; their dead letters are kept in one place per service.
        DeadLetterQueueName = $"{baseName}.dlq";
    }

    public string QueueName { get; }

    public string RetryQueueName { get; }

    public string DeadLetterQueueName { get; }

    private bool UsesRetryQueue => _options.RetryDelay > TimeSpan.Zero;

    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        var connection = await _connections.GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false,
                consumerDispatchConcurrency: 1),
            cancellationToken).ConfigureAwait(false);
        try
        {
            await DeclareTopologyAsync(channel, cancellationToken).ConfigureAwait(false);
            await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: (ushort)_options.PrefetchCount, global: false, cancellationToken)
                .ConfigureAwait(false);

            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += OnReceivedAsync;
            consumer.UnregisteredAsync += OnUnregisteredAsync;
            channel.ChannelShutdownAsync += OnChannelShutdownAsync;
            _consumerTag = await channel.BasicConsumeAsync(QueueName, autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
            _channel = channel;
        }
        catch
        {
            await RabbitMQEventBusTransport.DisposeQuietlyAsync(channel).ConfigureAwait(false);
            throw;
        }
    }

    private async Task DeclareTopologyAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(_options.ExchangeName, ExchangeType.Topic, durable: true, autoDelete: false,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueDeclareAsync(DeadLetterQueueName, durable: true, exclusive: false, autoDelete: false,
            cancellationToken: cancellationToken).ConfigureAwait(false);

        var instance = _options.InstanceQueue;
        await channel.QueueDeclareAsync(QueueName, durable: !instance, exclusive: instance, autoDelete: instance,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (UsesRetryQueue)
        {
            // Messages wait here for their per-message TTL, then the broker dead-letters them back into the queue.
            await channel.QueueDeclareAsync(RetryQueueName, durable: !instance, exclusive: instance, autoDelete: false,
                arguments: new Dictionary<string, object?>
                {
                    ["x-dead-letter-exchange"] = "",
                    ["x-dead-letter-routing-key"] = QueueName,
                },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        foreach (var eventType in _eventTypes)
        {
            await channel.QueueBindAsync(QueueName, _options.ExchangeName, eventType, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs delivery)
    {
        var channel = ((AsyncEventingBasicConsumer)sender).Channel;
        var properties = delivery.BasicProperties;
        var attempt = AmqpHeaders.GetInt(properties.Headers, AmqpHeaders.RetryCount) + 1;
        var message = new IncomingEventMessage(
            properties.MessageId,
            properties.Type is { Length: > 0 } type ? type : delivery.RoutingKey,
            delivery.Body,
            AmqpHeaders.ToStrings(properties.Headers),
            attempt);

        await _handling.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            Exception failure;
            using (var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, delivery.CancellationToken))
            {
                try
                {
                    await _handler(message, cancellation.Token).ConfigureAwait(false);
                    await AcknowledgeAsync(channel, delivery.DeliveryTag).ConfigureAwait(false);
                    return;
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    // Stopping mid-handling: left unacknowledged, the broker hands it to a consumer that stays.
                    return;
                }
                catch (Exception exception)
                {
                    failure = exception;
                }
            }

            await HandleFailureAsync(channel, delivery, message, failure).ConfigureAwait(false);
        }
        finally
        {
            _handling.Release();
        }
    }

    private async Task HandleFailureAsync(IChannel channel, BasicDeliverEventArgs delivery, IncomingEventMessage message, Exception failure)
    {
        var poison = failure is PoisonMessageException;
        var deadLetter = poison || message.DeliveryAttempt >= _options.MaxDeliveryAttempts;
        var copy = new BasicProperties(delivery.BasicProperties)
        {
            Headers = new Dictionary<string, object?>(delivery.BasicProperties.Headers ?? new Dictionary<string, object?>(), StringComparer.Ordinal)
            {
                [AmqpHeaders.RetryCount] = message.DeliveryAttempt,
                [AmqpHeaders.LastError] = AmqpHeaders.DescribeError(failure),
            },
            Expiration = null,
        };
        try
        {
            if (deadLetter)
            {
                copy.Headers[AmqpHeaders.DeadLetterReason] = poison ? "poison" : "max-delivery-attempts";
                copy.Headers[AmqpHeaders.OriginalQueue] = QueueName;
                await _transport.PublishAsync("", DeadLetterQueueName, copy, delivery.Body, _stopping.Token).ConfigureAwait(false);
                RabbitMQEventBusTelemetry.DeadLettered.Add(1, new KeyValuePair<string, object?>("messaging.destination.name", message.EventType));
                LogDeadLettered(_logger, failure, message.EventType, message.MessageId, message.DeliveryAttempt, DeadLetterQueueName);
            }
            else
            {
                var delay = RetryDelayAfter(message.DeliveryAttempt);
                if (UsesRetryQueue)
                {
                    copy.Expiration = ((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
                }

                await _transport.PublishAsync("", UsesRetryQueue ? RetryQueueName : QueueName, copy, delivery.Body, _stopping.Token)
                    .ConfigureAwait(false);
                RabbitMQEventBusTelemetry.Retried.Add(1, new KeyValuePair<string, object?>("messaging.destination.name", message.EventType));
                LogRetrying(_logger, failure, message.EventType, message.MessageId, message.DeliveryAttempt, _options.MaxDeliveryAttempts,
                    delay.TotalSeconds);
            }

            await AcknowledgeAsync(channel, delivery.DeliveryTag).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            // The copy was not confirmed: give the original back so it is delivered again (same attempt count).
            LogRequeueing(_logger, exception, message.EventType, message.MessageId);
            try
            {
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true).ConfigureAwait(false);
            }
            catch (Exception nackFailure) when (nackFailure is AlreadyClosedException or OperationInterruptedException)
            {
                // The channel went with the connection: the broker requeues every unacknowledged message by itself.
            }
        }
    }

    private TimeSpan RetryDelayAfter(int failedAttempts)
    {
        var factor = Math.Pow(2, Math.Min(failedAttempts - 1, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.RetryDelay.Ticks * factor, _options.MaxRetryDelay.Ticks));
        return delay;
    }

    private async Task AcknowledgeAsync(IChannel channel, ulong deliveryTag)
    {
        try
        {
            await channel.BasicAckAsync(deliveryTag, multiple: false).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException)
        {
            // The connection dropped after the handler finished: the broker delivers the message again, and an
            // idempotent handler recognises it.
            LogAckLost(_logger, deliveryTag);
        }
    }

    private Task OnChannelShutdownAsync(object sender, ShutdownEventArgs reason)
    {
        if (!_closing && RabbitMQEventBusTransport.IsFinal(reason))
        {
            LogChannelClosed(_logger, reason.ReplyCode, reason.ReplyText);
            Restart();
        }

        return Task.CompletedTask;
    }

    private Task OnUnregisteredAsync(object sender, ConsumerEventArgs args)
    {
        // The broker cancelled the consumer (its queue was deleted): subscribe again, which re-declares the queue.
        if (!_closing)
        {
            Restart();
        }

        return Task.CompletedTask;
    }

    private void Restart()
    {
        if (Interlocked.Exchange(ref _restarting, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            var delay = TimeSpan.FromSeconds(1);
            try
            {
                while (!_stopping.IsCancellationRequested)
                {
                    if (Interlocked.Exchange(ref _channel, null) is { } old)
                    {
                        await RabbitMQEventBusTransport.DisposeQuietlyAsync(old).ConfigureAwait(false);
                    }

                    try
                    {
                        await StartAsync(_stopping.Token).ConfigureAwait(false);
                        if (_closing && Interlocked.Exchange(ref _channel, null) is { } late)
                        {
                            await RabbitMQEventBusTransport.DisposeQuietlyAsync(late).ConfigureAwait(false);
                            return;
                        }

                        LogResubscribed(_logger, QueueName);
                        return;
                    }
                    catch (Exception exception) when (!_stopping.IsCancellationRequested)
                    {
                        LogResubscribeFailed(_logger, exception, delay.TotalSeconds);
                        await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
                        delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRestartDelay.Ticks));
                    }
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            finally
            {
                Volatile.Write(ref _restarting, 0);
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_closing)
        {
            return;
        }

        // Set before the consumer is cancelled: the broker's cancel-ok must not look like a lost consumer to restart.
        _closing = true;
        var channel = Interlocked.Exchange(ref _channel, null);
        if (channel is { IsOpen: true })
        {
            try
            {
                // Stop new deliveries first, then let the message in hand finish before the channel closes.
                if (_consumerTag is { } consumerTag)
                {
                    // Bounded: the cancel-ok of a connection that is going away may never come (a test run hung there).
                    // The token alone did not bound it: a hang dump showed BasicCancelAsync still awaiting its reply
                    // ten minutes after the token fired, so the wait itself is bounded as well.
                    using var timeout = new CancellationTokenSource(RabbitMQEventBusTransport.CloseTimeout);
                    await channel.BasicCancelAsync(consumerTag, noWait: false, timeout.Token)
                        .WaitAsync(RabbitMQEventBusTransport.CloseTimeout).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException or OperationCanceledException
                or ObjectDisposedException or TimeoutException)
            {
                // Closed, disposed with its connection at shutdown, or no answer in time: nothing more will be delivered.
            }
        }

        if (await _handling.WaitAsync(DrainTimeout).ConfigureAwait(false))
        {
            _handling.Release();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (channel is not null)
        {
            await RabbitMQEventBusTransport.DisposeQuietlyAsync(channel).ConfigureAwait(false);
        }
    }

    private static string SanitizedMachineName() =>
        new(Environment.MachineName.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' ? c : '-').ToArray());

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Handling {EventType} message {MessageId} failed (attempt {Attempt} of {MaxAttempts}); it is delivered again in {DelaySeconds} s.")]
    private static partial void LogRetrying(ILogger logger, Exception exception, string eventType, string? messageId, int attempt,
        int maxAttempts, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Handling {EventType} message {MessageId} failed on attempt {Attempt}; it was moved to the dead-letter queue {DeadLetterQueue}.")]
    private static partial void LogDeadLettered(ILogger logger, Exception exception, string eventType, string? messageId, int attempt,
        string deadLetterQueue);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not schedule {EventType} message {MessageId} for another delivery; it goes back to the queue as it was.")]
    private static partial void LogRequeueing(ILogger logger, Exception exception, string eventType, string? messageId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The acknowledgement of delivery {DeliveryTag} was lost with the connection; the broker redelivers it.")]
    private static partial void LogAckLost(ILogger logger, ulong deliveryTag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker closed the consumer channel ({ReplyCode} {ReplyText}); subscribing again.")]
    private static partial void LogChannelClosed(ILogger logger, ushort replyCode, string replyText);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event bus consumer subscribed again on queue {QueueName}.")]
    private static partial void LogResubscribed(ILogger logger, string queueName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event bus consumer could not subscribe again; retrying in {DelaySeconds} s.")]
    private static partial void LogResubscribeFailed(ILogger logger, Exception exception, double delaySeconds);
}
