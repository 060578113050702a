using GitHubProxy.Api.Model;
using GitHubProxy.Api.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GitHubProxy.Api.Apis;

/// <summary>
/// <c>GET /api/runners?days=7</c>: runner queues across the user's dashboard repositories (selected and followed owners'),
/// from the read model's jobs, at no GitHub cost apart from the cached access list.
/// </summary>
public static class RunnersApi
{
    public const int DefaultDays = 7;

    public static RouteGroupBuilder MapRunnersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/runners", GetRunnersAsync).WithName("GetRunners").WithTags("Runners")
            .WithSummary("Jobs waiting now per runs-on label (with the oldest wait), and wait p50/p95 per label over the window and per day, from the read model.");
        return api;
    }

    public static async Task<Results<Ok<RunnerQueues>, ValidationProblem>> GetRunnersAsync(
        CurrentUser user, int? days, SettingsStore settingsStore, AccessLists accessLists, RunnerQueueStore store, TimeProvider time,
        CancellationToken cancellationToken)
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

        return TypedResults.Ok(await store.GetAsync(repositories, days ?? DefaultDays, time.GetUtcNow(), cancellationToken));
    }
}
