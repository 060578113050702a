using GitHubProxy.Api.Model;
using Microsoft.Extensions.Options;

namespace GitHubProxy.Api.Services;

/// <summary>
/// <c>GET /api/dashboard</c>: the latest run per (workflow, branch) of each selected repository. A repository that is
/// backfilled and sends webhooks (the app is installed on its account, or a webhook already came) is read from the read
/// model, at no GitHub cost; others from GitHub through the cache. Runs stuck in queued or in progress in the read model
/// are re-checked with conditional requests (a 304 is free), a few per request. The read model is read by the GitHub
/// repository ids the user's current access list gives the selected names, never by name: runs stored for a repository that
/// was deleted (or transferred) and whose name now belongs to another are not shown, and a renamed one keeps its history.
/// </summary>
public sealed partial class DashboardBuilder(
    SettingsStore settingsStore,
    AccessLists accessLists,
    GitHubData gitHub,
    ReadModelStore readModel,
    DashboardVersions versions,
    DashboardMemo memo,
    Backfill backfill,
    RateLimitBudget budget,
    IOptionsMonitor<GitHubProxyOptions> options,
    TimeProvider time,
    ILogger<DashboardBuilder> logger)
{
    public const int MaxConcurrentGitHubCalls = 8;

    /// <summary>Answers being built, by user and ETag, for the requests that need the same one (<see cref="BuildAsync"/>).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(long UserId, string ETag), Lazy<Task<DashboardAnswer>>> _building = new();

    /// <summary>
    /// What an ETag covers besides the runs: its period bounds how long a lost counter raise can hide a change. Each turn
    /// costs every browser that revalidates one full answer, so it is not shorter: with one minute, 20 users at 1,000
    /// revalidations/s had a p99 of about a second, the requests of a user waiting for that user's full answer.
    /// </summary>
    private static readonly TimeSpan ETagLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The dashboard, with an ETag when every shown repository is read from the read model (a strong validator of
    /// everything the answer holds apart from <c>generatedAt</c>: the settings, the access list's repositories, coverage and
    /// each repository's change counter, <see cref="DashboardVersions"/>). When <paramref name="ifNoneMatch"/> names it,
    /// no runs are read and the answer has no response: the caller answers 304.
    /// </summary>
    public async Task<DashboardAnswer> BuildAsync(CurrentUser user, string? ifNoneMatch, CancellationToken cancellationToken)
    {
        // The settings, the access list and installations (Redis) at once; then coverage and latest runs of the selected
        // repositories the user can still reach, by the ids the access list has for them now.
        var settingsTask = settingsStore.GetCurrentAsync(user.UserId, cancellationToken);
        var accessTask = accessLists.GetAsync(user, cancellationToken);
        var installedTask = InstalledAccountsAsync(user, cancellationToken);
        try
        {
            await Task.WhenAll(settingsTask, accessTask, installedTask);
        }
        catch when (settingsTask.IsCompletedSuccessfully && !HasAny(settingsTask.Result))
        {
            // Nothing selected: an unreachable GitHub does not matter.
        }

        var settings = await settingsTask;
        if (!HasAny(settings))
        {
            return new DashboardAnswer(new DashboardResponse([], time.GetUtcNow()), null);
        }

        // Selected, then followed owners' repositories as the access list has them now (new ones included).
        var repositories = FollowedRepositories.Resolve(settings, (await accessTask).Value);
        var perRepository = options.CurrentValue.DashboardRunsPerRepository;
        var ids = repositories.Select(r => r.Repository.Id).ToArray();
        // The counters before the runs (DashboardVersions): never an ETag newer than the answer it tags.
        var counters = await versions.GetAsync(ids);
        var pairs = repositories.Select(r => (r.Repository.Id, r.Repository.DefaultBranch)).ToArray();
        Dictionary<long, Model.TrackedRepository> tracked;
        LatestRuns? latest = null;
        if (ifNoneMatch is null)
        {
            (tracked, latest) = await readModel.GetForRepositoriesAsync(pairs, perRepository, cancellationToken);
            if (counters is not null)
            {
                memo.SetTracked(ids, Enumerable.Range(0, ids.Length), counters, tracked);
            }
        }
        else
        {
            tracked = await GetTrackedAsync(ids, counters, cancellationToken);
        }

        var installed = await installedTask;
        var covered = repositories
            .Where(r => IsCovered(r.Repository, tracked, installed))
            .Select(r => r.Repository.Id)
            .ToHashSet();
        var etag = counters is not null && covered.Count == repositories.Count
            ? ETag(user.UserId, settings, repositories, tracked, counters, perRepository, time.GetUtcNow())
            : null;
        if (etag is not null && ifNoneMatch is not null && Matches(ifNoneMatch, etag))
        {
            return new DashboardAnswer(null, etag);
        }

        if (etag is not null && latest is null)
        {
            // Every request of this user that needs this very answer (a burst of revalidations after the ETag turned, or
            // after an answer failed) shares one build instead of each reading the runs: a burst cannot pile reads onto
            // the database and spiral. The build is not the request's: one request going away does not cancel it.
            var key = (user.UserId, etag);
            var shared = _building.GetOrAdd(key, _ => new Lazy<Task<DashboardAnswer>>(() => CompleteAsync(CancellationToken.None)));
            try
            {
                return await shared.Value.WaitAsync(cancellationToken);
            }
            finally
            {
                _building.TryRemove(KeyValuePair.Create(key, shared));
            }
        }

        return await CompleteAsync(cancellationToken);

        // The runs, and the answer made of them.
        async Task<DashboardAnswer> CompleteAsync(CancellationToken cancellationToken)
        {
            var latestRuns = latest ?? await readModel.GetLatestRunsAsync(pairs, perRepository, cancellationToken);
            await ReconcileAsync(user, repositories.Select(r => r.Repository).Where(r => covered.Contains(r.Id)), latestRuns.Runs, cancellationToken);

            var pinned = new HashSet<string>(settings.Pinned ?? [], StringComparer.OrdinalIgnoreCase);
            // Up to 200 repositories on one token: a few GitHub calls at a time, well under GitHub's limit on concurrent requests.
            using var gate = new SemaphoreSlim(MaxConcurrentGitHubCalls);
            var results = await Task.WhenAll(repositories.Select(async r =>
            {
                var id = r.Repository.Id;
                IReadOnlyList<Run> runs;
                var hidden = 0;
                bool stale;
                DateTimeOffset fetchedAt;
                if (covered.Contains(id))
                {
                    var rows = latestRuns.Runs[id].ToList();
                    // Under the name the repository has now: rows written before a rename carry the old one.
                    runs = rows.Select(x => x.ToView(r.Repository.FullName)).ToArray();
                    hidden = latestRuns.Hidden.GetValueOrDefault(id);
                    stale = false;
                    fetchedAt = rows.Count > 0 ? rows.Max(x => x.RecordedAt) : tracked[id].BackfilledAt ?? time.GetUtcNow();
                }
                else
                {
                    await gate.WaitAsync(cancellationToken);
                    try
                    {
                        var page = await gitHub.GetLatestRunsAsync(user, r.Repository, cancellationToken);
                        (runs, hidden) = DashboardSelection.Cap(LatestPerWorkflowAndBranch(page.Value.Runs), x => x.Branch, x => x.CreatedAt, x => x.Id,
                            r.Repository.DefaultBranch, perRepository);
                        stale = page.Stale;
                        fetchedAt = page.FetchedAt;
                    }
                    catch (Exception exception) when (exception is GitHubUnavailableException or ActionsDashboard.GitHub.Rest.GitHubApiException)
                    {
                        // One repository GitHub will not show (403, 404, 410, ...) or cannot show now does not fail the others.
                        LogRepositoryFailed(logger, exception, r.Repository.FullName);
                        runs = [];
                        stale = true;
                        fetchedAt = DateTimeOffset.UnixEpoch;
                    }
                    finally
                    {
                        gate.Release();
                    }

                    // Not backfilled yet (selected before this service knew it, or the backfill was postponed): queue it.
                    if (!tracked.TryGetValue(id, out var t) || t.BackfilledAt is null)
                    {
                        await backfill.EnqueueAsync(user, [r.Repository], cancellationToken);
                    }
                }

                return new DashboardRepository
                {
                    FullName = r.Repository.FullName,
                    Owner = r.Repository.Owner,
                    Name = r.Repository.Name,
                    Private = r.Repository.Private,
                    DefaultBranch = r.Repository.DefaultBranch,
                    HtmlUrl = r.Repository.HtmlUrl,
                    CanRerun = r.Repository.CanRerun,
                    CanCancel = r.Repository.CanCancel,
                    Category = r.Category,
                    Pinned = pinned.Contains(r.Repository.FullName),
                    Runs = runs,
                    HiddenRuns = hidden,
                    Stale = stale,
                    FetchedAt = fetchedAt,
                };
            }));

            var ordered = results
                .OrderByDescending(r => r.Pinned)
                .ThenBy(r => r.Category is null)
                .ThenBy(r => r.Category, StringComparer.OrdinalIgnoreCase)
                .ThenBy(r => r.FullName, StringComparer.OrdinalIgnoreCase)
                .ToArray();
            return new DashboardAnswer(new DashboardResponse(ordered, time.GetUtcNow()), etag);
        }
    }

    /// <summary>Coverage rows from this instance's memory where their repository's counter is unchanged, the rest from
    /// PostgreSQL (all of them when Redis could not be read).</summary>
    private async Task<Dictionary<long, Model.TrackedRepository>> GetTrackedAsync(long[] ids, DashboardCounters? counters, CancellationToken cancellationToken)
    {
        if (counters is null)
        {
            return await readModel.GetTrackedAsync(ids, cancellationToken);
        }

        var missing = new List<int>();
        var tracked = memo.GetTracked(ids, counters, missing);
        if (missing.Count > 0)
        {
            var read = await readModel.GetTrackedAsync([.. missing.Select(i => ids[i])], cancellationToken);
            memo.SetTracked(ids, missing, counters, read);
            foreach (var (id, row) in read)
            {
                tracked[id] = row;
            }
        }

        return tracked;
    }

    /// <summary>A hash of what the answer is made of, quoted as an HTTP entity tag. The period it covers starts at a second
    /// of its own for each user, so that users' ETags do not all turn at once and send every browser a full answer together.</summary>
    private static string ETag(long userId, Settings settings, List<(RepositoryView Repository, string? Category)> repositories,
        Dictionary<long, Model.TrackedRepository> tracked, DashboardCounters counters, int perRepository, DateTimeOffset now)
    {
        var lifetime = (long)ETagLifetime.TotalSeconds;
        var phase = (long)((ulong)userId * 2_654_435_761UL % (ulong)lifetime);
        var state = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new
        {
            settings,
            repositories = repositories.Select(r => new
            {
                r.Repository, r.Category, tracked[r.Repository.Id].BackfilledAt, Webhooks = tracked[r.Repository.Id].LastWebhookAt is not null,
            }),
            counters = counters.Values,
            counters.Epoch,
            perRepository,
            period = (now.ToUnixTimeSeconds() + phase) / lifetime,
        });
        return $"\"d1-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(state), 0, 16)}\"";
    }

    /// <summary>Whether <c>If-None-Match</c> (a list, or <c>*</c>) names <paramref name="etag"/>; a weak form matches too.</summary>
    private static bool Matches(string ifNoneMatch, string etag) =>
        ifNoneMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == etag || t == $"W/{etag}");

    /// <summary>Whether the settings put anything on the dashboard: a selected repository or a followed owner.</summary>
    public static bool HasAny(Settings settings) => (settings.Repositories ?? []).Count > 0 || (settings.FollowedOwners ?? []).Count > 0;

    /// <summary>Whether the read model keeps <paramref name="repository"/> current: backfilled, and webhooks arrive for it.</summary>
    public async Task<bool> IsCoveredAsync(CurrentUser user, RepositoryView repository, CancellationToken cancellationToken)
    {
        var tracked = await readModel.GetTrackedAsync([repository.Id], cancellationToken);
        return tracked.Count > 0 && IsCovered(repository, tracked, await InstalledAccountsAsync(user, cancellationToken));
    }

    private static bool IsCovered(RepositoryView repository, Dictionary<long, Model.TrackedRepository> tracked, HashSet<string> installed) =>
        tracked.TryGetValue(repository.Id, out var t) && t.BackfilledAt is not null
        && (t.LastWebhookAt is not null || installed.Contains(repository.Owner.ToLowerInvariant()));

    public static IReadOnlyList<Run> LatestPerWorkflowAndBranch(IEnumerable<Run> runs) =>
        runs.GroupBy(r => (r.WorkflowId, r.Branch ?? ""))
            .Select(g => g.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).First())
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .ToArray();

    private async Task<HashSet<string>> InstalledAccountsAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        try
        {
            return (await gitHub.GetInstallationAccountsAsync(user, cancellationToken)).Value.ToHashSet();
        }
        catch (Exception exception) when (exception is GitHubUnavailableException or ActionsDashboard.GitHub.Rest.GitHubApiException)
        {
            // Without the installations, coverage falls back to "a webhook has come for it".
            return [];
        }
    }

    /// <summary>The reconciler: runs the read model still shows as not completed and that nothing touched for a while.</summary>
    private async Task ReconcileAsync(CurrentUser user, IEnumerable<RepositoryView> repositories, ILookup<long, Model.WorkflowRunRecord> latest,
        CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var cutoff = time.GetUtcNow() - settings.ReconcileAfter;
        var byId = repositories.ToDictionary(r => r.Id);
        var stuck = latest.SelectMany(g => g)
            .Where(r => r.Status != "completed" && r.RecordedAt < cutoff && byId.ContainsKey(r.RepositoryId))
            .Take(settings.ReconcileBatchSize)
            .ToList();
        if (stuck.Count == 0 || !budget.CanSpend(await budget.GetAsync(user.UserId), settings.BackgroundBudgetReserve))
        {
            return;
        }

        foreach (var run in stuck)
        {
            try
            {
                var fresh = await gitHub.GetRunAsync(user, byId[run.RepositoryId], run.Id, cancellationToken);
                if (!fresh.Stale)
                {
                    await readModel.ApplyRunsAsync(run.RepositoryId, [fresh.Value], cancellationToken);
                }
            }
            catch (Exception exception) when (exception is GitHubUnavailableException or ActionsDashboard.GitHub.Rest.GitHubApiException)
            {
                LogReconcileFailed(logger, exception, run.Id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The runs of {Repository} could not be read; it is shown without runs, marked stale")]
    private static partial void LogRepositoryFailed(ILogger logger, Exception exception, string repository);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-checking run {RunId} failed; the read model keeps its last state")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception, long runId);
}
