using Microsoft.Extensions.Options;

namespace Alerts.Api.Services;

/// <summary>Every <c>Alerts:QueuedScanInterval</c>, stores the alerts for runs and jobs queued longer than a rule allows.</summary>
public sealed partial class QueuedRunScanner(AlertEvaluator evaluator, IOptionsMonitor<AlertsOptions> options, TimeProvider time,
    ILogger<QueuedRunScanner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await evaluator.ScanQueuedAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogScanFailed(exception);
            }

            try
            {
                await Task.Delay(options.CurrentValue.QueuedScanInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The queued-run scan failed; trying again at the next interval")]
    private partial void LogScanFailed(Exception exception);
}
