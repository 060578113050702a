using Microsoft.Extensions.Options;

namespace GitHubProxy.Api.Services;

/// <summary>Deletes runs older than <see cref="GitHubProxyOptions.Retention"/> (30 days) from the read model, hourly.</summary>
public sealed partial class ReadModelPruner(ReadModelStore store, IOptionsMonitor<GitHubProxyOptions> options, TimeProvider time,
    ILogger<ReadModelPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await store.PruneAsync(time.GetUtcNow() - options.CurrentValue.Retention, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogPruneFailed(logger, exception);
            }

            try
            {
                await Task.Delay(options.CurrentValue.PruneInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning the read model failed; trying again later")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
