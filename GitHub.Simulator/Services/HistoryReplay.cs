using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Services;

/// <summary>
/// With <c>Simulator:Scenario:ReplayHistory</c> and a webhook URL: sends the history's deliveries once the receiver is up.
/// The first one is the probe: it is redelivered (same <c>X-GitHub-Delivery</c>, as GitHub's "Redeliver") every few
/// seconds until the receiver accepts it, for at most ten minutes; then the rest follow in order, one at a time (the next
/// is queued once the one before it was sent), so the scenario's live deliveries never wait behind the history.
/// </summary>
public sealed partial class HistoryReplay(
    RunLifecycle lifecycle, WebhookSender sender, DeliveryLog deliveries, IOptionsMonitor<SimulatorOptions> options, TimeProvider time,
    ILogger<HistoryReplay> logger) : BackgroundService
{
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan SentPoll = TimeSpan.FromMilliseconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.CurrentValue;
        if (!settings.Scenario.ReplayHistory || string.IsNullOrWhiteSpace(settings.WebhookUrl))
        {
            return;
        }
        var startedAt = time.GetUtcNow();
        IReadOnlyList<OutgoingWebhook> history;
        DeliveryRecord probe;
        var deadline = startedAt + GiveUpAfter;
        try
        {
            // Rendered once the server listens, so payload URLs carry its address when Simulator:PublicUrl is unset.
            await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            history = lifecycle.RenderHistory(startedAt);
            if (history.Count == 0)
            {
                return;
            }
            probe = sender.Enqueue([history[0]])[0];
            while (deliveries.Find(probe.Id)?.State != DeliveryState.Delivered)
            {
                await Task.Delay(ProbeEvery, time, stoppingToken);
                if (time.GetUtcNow() > deadline)
                {
                    LogGaveUp(logger, history.Count);
                    return;
                }
                if (deliveries.Find(probe.Id)?.State == DeliveryState.Failed)
                {
                    sender.Redeliver(probe.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        LogReplaying(logger, history.Count);
        try
        {
            foreach (var webhook in history.Skip(1))
            {
                var record = sender.Enqueue([webhook])[0];
                while (deliveries.Find(record.Id)?.State == DeliveryState.Queued)
                {
                    await Task.Delay(SentPoll, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The receiver is up: sending the history's {Count} deliveries.")]
    private static partial void LogReplaying(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The receiver did not accept a delivery within ten minutes: the history's {Count} deliveries are not sent.")]
    private static partial void LogGaveUp(ILogger logger, int count);
}
