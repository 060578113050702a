using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.EventBus.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.EventBus;

/// <summary>
/// Subscribes the service's handlers once the broker can be reached (retrying with back-off, so a service starts
/// while the broker is still booting) and unsubscribes on shutdown. After that the transport keeps the
/// subscription alive across broker restarts. Does nothing in a service without subscriptions.
/// </summary>
internal sealed partial class EventBusConsumerService(
    IEventBusTransport transport,
    IntegrationEventDispatcher dispatcher,
    IOptions<EventBusSubscriptionInfo> subscriptionInfo,
    EventBusConsumerStatus status,
    ILogger<EventBusConsumerService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private IAsyncDisposable? _subscription;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var eventTypes = subscriptionInfo.Value.EventTypes.Keys.ToArray();
        if (eventTypes.Length == 0)
        {
            return;
        }

        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _subscription = await transport.SubscribeAsync(eventTypes, dispatcher.DispatchAsync, stoppingToken).ConfigureAwait(false);
                status.MarkSubscribed();
                LogSubscribed(logger, string.Join(", ", eventTypes));
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                if (exception is OptionsValidationException)
                {
                    // A configuration mistake: retrying cannot fix it, so stop the host with the reason.
                    throw;
                }

                LogSubscribeFailed(logger, exception, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _subscription, null) is { } subscription)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event bus subscribed to {EventTypes}.")]
    private static partial void LogSubscribed(ILogger logger, string eventTypes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event bus could not subscribe yet; trying again in {DelaySeconds} s.")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception, double delaySeconds);
}
