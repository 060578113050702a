using System.Collections.Concurrent;
using ActionsDashboard.GitHub;
using ActionsDashboard.GitHub.Apps;
using ActionsDashboard.GitHub.Rest;
using Microsoft.Extensions.Options;

namespace GitHubProxy.Api.Services;

/// <summary>
/// GitHub can miss webhook deliveries, so runs the read model still shows as queued or in progress after
/// <see cref="GitHubProxyOptions.ReconcileAfter"/> are re-read as the GitHub App installation that delivered them, with
/// conditional requests (a 304 costs nothing), and applied with the read model's forward-only rule. Needs the app's
/// private key (<c>GitHub:AppId</c> + <c>GitHub:PrivateKey</c>); without it (demo mode) only the dashboard's on-read
/// reconciliation with the viewing user's token runs. Budget and cache entries of an installation live under the
/// negative installation id, apart from every user's.
/// </summary>
public sealed partial class StuckRunReconciler(
    IServiceProvider services,
    GitHubRestClient client,
    GitHubResponseCache cache,
    RateLimitBudget budget,
    ReadModelStore readModel,
    IOptions<GitHubOptions> gitHubOptions,
    IOptionsMonitor<GitHubProxyOptions> options,
    TimeProvider time,
    ILogger<StuckRunReconciler> logger) : BackgroundService
{
    // When each run was last re-checked: a run that keeps failing is left alone for ReconcileAfter, so it cannot hold its
    // place among the oldest rows and starve newer ones.
    private readonly ConcurrentDictionary<long, DateTimeOffset> _checkedAt = new();

    public bool Enabled { get; } = !string.IsNullOrWhiteSpace(gitHubOptions.Value.AppId)
        && (!string.IsNullOrWhiteSpace(gitHubOptions.Value.PrivateKey) || !string.IsNullOrWhiteSpace(gitHubOptions.Value.PrivateKeyPath));

    /// <summary>One round: returns how many runs were re-checked.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return 0;
        }

        var settings = options.CurrentValue;
        var tokens = services.GetRequiredService<GitHubAppInstallationTokenCache>();
        var now = time.GetUtcNow();
        foreach (var (id, at) in _checkedAt)
        {
            if (at <= now - settings.ReconcileAfter)
            {
                _checkedAt.TryRemove(id, out _);
            }
        }

        var stuck = await readModel.FindStuckRunsAsync(now - settings.ReconcileAfter, Math.Max(1, settings.ReconcileBatchSize * 10),
            _checkedAt.Keys.ToArray(), cancellationToken);
        var checkedRuns = 0;
        foreach (var run in stuck)
        {
            var installationId = run.InstallationId!.Value;
            var budgetKey = -installationId;
            if (!budget.CanSpend(await budget.GetAsync(budgetKey), settings.BackgroundBudgetReserve))
            {
                continue;
            }

            var parts = run.Repository.Split('/');
            _checkedAt[run.Id] = now;
            try
            {
                var fresh = await cache.GetAsync(budgetKey, $"run:{run.RepositoryId}:{run.Id}", TimeSpan.Zero, async (etag, ct) =>
                {
                    var token = (await tokens.GetTokenAsync(installationId, ct)).Token;
                    return Fetched<Run>.From(
                        await client.GetWorkflowRunAsync(parts[0], parts[1], run.Id, new GitHubRequestOptions { Token = token, IfNoneMatch = etag }, ct),
                        r => r.ToRun(run.Repository));
                }, cancellationToken, staleWhileRevalidate: false);
                if (!fresh.Stale)
                {
                    await readModel.ApplyRunsAsync(run.RepositoryId, [fresh.Value], cancellationToken);
                    checkedRuns++;
                }
            }
            catch (GitHubApiException exception) when (exception.Kind is GitHubErrorKind.NotFound or GitHubErrorKind.Gone)
            {
                // The run (or its repository) is gone from GitHub: it will never complete, so it leaves the read model.
                LogRunGone(logger, run.Id);
                await readModel.DeleteRunAsync(run.RepositoryId, run.Id, cancellationToken);
                _checkedAt.TryRemove(run.Id, out _);
            }
            catch (Exception exception) when (exception is GitHubApiException or GitHubUnavailableException or HttpRequestException or InvalidOperationException)
            {
                LogRecheckFailed(logger, exception, run.Id);
            }
        }

        return checkedRuns;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CurrentValue.ReconcileInterval, stoppingToken);
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogRoundFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-checking run {RunId} as its installation failed; trying again next round")]
    private static partial void LogRecheckFailed(ILogger logger, Exception exception, long runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} is gone from GitHub; removed from the read model")]
    private static partial void LogRunGone(ILogger logger, long runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A reconciler round failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
