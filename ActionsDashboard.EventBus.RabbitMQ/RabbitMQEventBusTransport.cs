using ActionsDashboard.EventBus.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace ActionsDashboard.EventBus.RabbitMQ;

/// <summary>
/// RabbitMQ behind <see cref="IEventBusTransport"/>: a durable topic exchange, persistent messages published on a
/// channel with publisher confirms (each publish completes when the broker confirms it), and one
/// <see cref="RabbitMQSubscription"/> per subscribing service. The connection recovers by itself after a broker
/// restart (automatic recovery in the client integration), and so do its channels, queues, bindings and consumers.
/// </summary>
public sealed class RabbitMQEventBusTransport(
    RabbitMQConnectionSource connections,
    IOptions<RabbitMQEventBusOptions> options,
    IHostEnvironment environment,
    ILoggerFactory loggerFactory) : IEventBusTransport, IAsyncDisposable
{
    // Enough for an outbox batch in flight at once; the client's default throttles from 64 outstanding confirms,
    // which would delay (and so could reorder) a pipelined batch.
    private const int MaxOutstandingConfirms = 4_096;

    private readonly RabbitMQEventBusOptions _options = options.Value;
    private readonly SemaphoreSlim _publishChannelGate = new(1, 1);
    private IChannel? _publishChannel;
    private bool _disposed;

    public string MessagingSystem => "rabbitmq";

    public string ExchangeName => _options.ExchangeName;

    public async Task PublishAsync(OutgoingEventMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var properties = new BasicProperties
        {
            Persistent = true,
            MessageId = message.EventId.ToString(),
            Type = message.EventType,
            ContentType = "application/json",
            Timestamp = new AmqpTimestamp(message.CreationDate.ToUnixTimeSeconds()),
            Headers = message.Headers.ToDictionary(header => header.Key, header => (object?)header.Value, StringComparer.Ordinal),
        };
        await PublishAsync(_options.ExchangeName, message.EventType, properties, message.Body, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IAsyncDisposable> SubscribeAsync(
        IReadOnlyCollection<string> eventTypes,
        Func<IncomingEventMessage, CancellationToken, Task> handler,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventTypes);
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var subscription = new RabbitMQSubscription(this, connections, _options, environment, eventTypes, handler,
            loggerFactory.CreateLogger<RabbitMQSubscription>());
        try
        {
            await subscription.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return subscription;
    }

    /// <summary>Publishes on the confirming channel and waits for the broker's confirm (or <c>PublishTimeout</c>).</summary>
    internal async Task PublishAsync(string exchange, string routingKey, BasicProperties properties, ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken)
    {
        // Synchronous while the channel is open, so calls made in a row reach the broker in that order.
        var channel = await GetPublishChannelAsync(cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeout);
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, body, timeout.Token).ConfigureAwait(false);
    }

    private ValueTask<IChannel> GetPublishChannelAsync(CancellationToken cancellationToken) =>
        _publishChannel is { IsOpen: true } channel
            ? ValueTask.FromResult(channel)
            : new ValueTask<IChannel>(OpenPublishChannelAsync(cancellationToken));

    private async Task<IChannel> OpenPublishChannelAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _publishChannelGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_publishChannel is { } existing)
            {
                if (existing.IsOpen)
                {
                    return existing;
                }

                if (!IsClosedForGood(existing))
                {
                    // The connection dropped: automatic recovery reopens this channel; until then nothing can be sent.
                    throw new BrokerUnavailableException("RabbitMQ is unreachable; the connection is recovering and publishing resumes when it is back.");
                }

                _publishChannel = null;
                await DisposeQuietlyAsync(existing).ConfigureAwait(false);
            }

            var connection = await connections.GetConnectionAsync(cancellationToken).ConfigureAwait(false);
            if (!connection.IsOpen)
            {
                throw new BrokerUnavailableException("RabbitMQ is unreachable; the connection is recovering and publishing resumes when it is back.");
            }

            var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(
                    publisherConfirmationsEnabled: true,
                    publisherConfirmationTrackingEnabled: true,
                    outstandingPublisherConfirmationsRateLimiter: new ThrottlingRateLimiter(MaxOutstandingConfirms, throttlingPercentage: null)),
                cancellationToken).ConfigureAwait(false);
            try
            {
                await channel.ExchangeDeclareAsync(_options.ExchangeName, ExchangeType.Topic, durable: true, autoDelete: false,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await DisposeQuietlyAsync(channel).ConfigureAwait(false);
                throw;
            }

            _publishChannel = channel;
            return channel;
        }
        finally
        {
            _publishChannelGate.Release();
        }
    }

    /// <summary>
    /// Closed by this process, or by the broker for a channel-level error (the connection lives on): automatic recovery
    /// only reopens channels that closed with their connection, so such a channel has to be replaced.
    /// </summary>
    internal static bool IsClosedForGood(IChannel channel) => channel.CloseReason is { } reason && IsFinal(reason);

    internal static bool IsFinal(ShutdownEventArgs reason) =>
        reason.Initiator == ShutdownInitiator.Application
        || (reason.Initiator == ShutdownInitiator.Peer && reason.ReplyCode is 311 or 313 or 403 or 404 or 405 or 406);

    /// <summary>How long closing a channel may wait for the broker's close-ok: a reply from a connection that is going
    /// away may never come, and without a bound its teardown would wait for ever.</summary>
    internal static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    internal static async Task DisposeQuietlyAsync(IChannel channel)
    {
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            if (channel.IsOpen)
            {
                await channel.CloseAsync(timeout.Token).WaitAsync(CloseTimeout).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // Already going away with its connection; nothing left to release but the object.
        }

        try
        {
            await channel.DisposeAsync().AsTask().WaitAsync(CloseTimeout).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or ObjectDisposedException or AlreadyClosedException)
        {
            // Its connection was closed or disposed under it (host shutdown): nothing left to release.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (Interlocked.Exchange(ref _publishChannel, null) is { } channel)
        {
            await DisposeQuietlyAsync(channel).ConfigureAwait(false);
        }

        _publishChannelGate.Dispose();
    }
}
