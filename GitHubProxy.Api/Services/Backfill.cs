using System.Threading.Channels;
using GitHubProxy.Api.Model;
using Microsoft.Extensions.Options;

namespace GitHubProxy.Api.Services;

/// <summary>
/// When a repository is first selected, its latest runs are read from GitHub (with the selecting user's token, through
/// the cache) into the read model; from then on webhooks keep it current. Runs in the background so saving settings
/// stays fast; it yields while the user's budget is low.
/// </summary>
public sealed partial class Backfill(
    GitHubData gitHub,
    ReadModelStore store,
    RateLimitBudget budget,
    IOptionsMonitor<GitHubProxyOptions> options,
    ILogger<Backfill> logger) : BackgroundService
{
    // One queued backfill per repository (GitHub's id), whoever selected it: the read model is shared by every user.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, byte> _pending = new();

    private readonly Channel<(CurrentUser User, RepositoryView Repository)> _queue =
        Channel.CreateBounded<(CurrentUser, RepositoryView)>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite });

    public async Task EnqueueAsync(CurrentUser user, IEnumerable<RepositoryView> repositories, CancellationToken cancellationToken)
    {
        var list = repositories.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var tracked = await store.GetTrackedAsync(list.Select(r => r.Id).ToArray(), cancellationToken);
        foreach (var repository in list.Where(r => !tracked.TryGetValue(r.Id, out var t) || t.BackfilledAt is null))
        {
            if (_pending.TryAdd(repository.Id, 0) && !_queue.Writer.TryWrite((user, repository)))
            {
                _pending.TryRemove(repository.Id, out _);
            }
        }
    }

    /// <summary>Backfills one repository now (also what the queue runs).</summary>
    public async Task RunAsync(CurrentUser user, RepositoryView repository, CancellationToken cancellationToken)
    {
        if (!budget.CanSpend(await budget.GetAsync(user.UserId), options.CurrentValue.BackgroundBudgetReserve))
        {
            LogBudgetLow(logger, repository.FullName);
            return;
        }

        var runs = await gitHub.GetLatestRunsAsync(user, repository, cancellationToken);
        if (runs.Stale)
        {
            return;
        }

        await store.ApplyRunsAsync(repository.Id, runs.Value.Runs, cancellationToken);
        await store.MarkBackfilledAsync(repository, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (user, repository) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(user, repository, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogBackfillFailed(logger, exception, repository.FullName);
            }
            finally
            {
                _pending.TryRemove(repository.Id, out _);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill of {Repository} postponed: the user's GitHub budget is low")]
    private static partial void LogBudgetLow(ILogger logger, string repository);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backfill of {Repository} failed")]
    private static partial void LogBackfillFailed(ILogger logger, Exception exception, string repository);
}
