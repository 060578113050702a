using GitHubProxy.Api.Model;
using GitHubProxy.Api.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GitHubProxy.Api.Apis;

/// <summary>
/// <c>GET /api/runners?days=7</c>: runner queues across the user's dashboard repositories (selected and followed owners'),
/// from the read model's jobs, and the self-hosted runners of those whose jobs asked for them, from GitHub with the user's
/// token (cached per repository).
/// </summary>
public static class RunnersApi
{
    public const int DefaultDays = 7;

    /// <summary>At most this many repositories' runners are asked for in one request (the ones with self-hosted jobs).</summary>
    public const int MaxRunnerRepositories = 20;

    public static RouteGroupBuilder MapRunnersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/runners", GetRunnersAsync).WithName("GetRunners").WithTags("Runners")
            .WithSummary("Jobs waiting now per runs-on label (with the oldest wait), wait p50/p95 per label over the window and per day, "
                + "and the self-hosted runners (busy, idle, offline) of repositories whose jobs used them, where GitHub lets the user see them.");
        return api;
    }

    public static async Task<Results<Ok<RunnerQueues>, ValidationProblem>> GetRunnersAsync(
        CurrentUser user, int? days, SettingsStore settingsStore, AccessLists accessLists, RunnerQueueStore store, GitHubData gitHub,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (days is < 1 or > InsightsApi.MaxDays)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["days"] = [$"days must be between 1 and {InsightsApi.MaxDays} (the read model keeps {InsightsApi.MaxDays} days)."] },
                title: "Invalid runner queue parameters");
        }

        var settings = await settingsStore.GetAsync(user.UserId, cancellationToken);
        RepositoryView[] repositories = [];
        if (DashboardBuilder.HasAny(settings))
        {
            var reachable = (await accessLists.GetAsync(user, cancellationToken)).Value;
            repositories = [.. FollowedRepositories.Resolve(settings, reachable).Select(r => r.Repository)];
        }

        var (queues, selfHostedIds) = await store.GetAsync(repositories, days ?? DefaultDays, time.GetUtcNow(), cancellationToken);
        var withRunners = repositories.Where(r => selfHostedIds.Contains(r.Id)).DistinctBy(r => r.Id).OrderBy(r => r.FullName, StringComparer.OrdinalIgnoreCase)
            .Take(MaxRunnerRepositories).ToArray();
        var selfHosted = await Task.WhenAll(withRunners.Select(r => ReadRunnersAsync(user, r, gitHub, cancellationToken)));
        return TypedResults.Ok(queues with { SelfHosted = selfHosted });
    }

    private static async Task<RepositoryRunners> ReadRunnersAsync(CurrentUser user, RepositoryView repository, GitHubData gitHub,
        CancellationToken cancellationToken)
    {
        try
        {
            var answer = await gitHub.GetSelfHostedRunnersAsync(user, repository, cancellationToken);
            return answer.Value.Listed
                ? new RepositoryRunners(repository.FullName, true, null, answer.Stale, answer.Value.Runners)
                : new RepositoryRunners(repository.FullName, false,
                    $"GitHub shows {repository.FullName}'s runners to its admins only; ask one of them to check their state.", answer.Stale, []);
        }
        catch (GitHubUnavailableException exception)
        {
            return new RepositoryRunners(repository.FullName, false, $"GitHub could not be asked for the runners just now: {exception.Message}", false, []);
        }
    }
}
