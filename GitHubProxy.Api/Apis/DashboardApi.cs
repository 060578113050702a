using GitHubProxy.Api.Model;
using GitHubProxy.Api.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GitHubProxy.Api.Apis;

/// <summary><c>/api/dashboard</c> and <c>/api/settings</c>: the page in one round trip, and what it shows.</summary>
public static class DashboardApi
{
    public static RouteGroupBuilder MapDashboardApi(this RouteGroupBuilder api)
    {
        api.MapGet("/dashboard", GetDashboardAsync).WithName("GetDashboard")
            .WithSummary("The dashboard in one round trip: the selected repositories with the latest run of each workflow and branch.")
            .WithTags("Dashboard");
        api.MapGet("/settings", GetSettingsAsync).WithName("GetSettings")
            .WithSummary("The signed-in user's settings: selected repositories, theme, auto-refresh and notifications.")
            .WithTags("Settings");
        api.MapPut("/settings", PutSettingsAsync).WithName("PutSettings")
            .WithSummary("Validates and saves the signed-in user's settings (selected repositories, followed owners); newly shown repositories are backfilled.")
            .WithTags("Settings");
        return api;
    }

    /// <summary>
    /// With an ETag (<see cref="DashboardBuilder"/>) and <c>Cache-Control: private, no-cache</c>, so a browser revalidates
    /// each time and a dashboard that has not changed is answered 304 without reading its runs.
    /// </summary>
    public static async Task<Results<Ok<DashboardResponse>, StatusCodeHttpResult>> GetDashboardAsync(
        CurrentUser user, DashboardBuilder dashboard, HttpContext http, CancellationToken cancellationToken)
    {
        var ifNoneMatch = http.Request.Headers.IfNoneMatch.ToString();
        var answer = await dashboard.BuildAsync(user, ifNoneMatch.Length == 0 ? null : ifNoneMatch, cancellationToken);
        if (answer.ETag is not null)
        {
            http.Response.Headers.ETag = answer.ETag;
            http.Response.Headers.CacheControl = "private, no-cache";
        }

        return answer.Response is null ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Ok(answer.Response);
    }

    public static async Task<Ok<Settings>> GetSettingsAsync(CurrentUser user, SettingsStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.GetAsync(user.UserId, cancellationToken));

    public static async Task<Results<Ok<Settings>, ValidationProblem>> PutSettingsAsync(
        CurrentUser user, Settings? settings, SettingsStore store, AccessLists accessLists, Backfill backfill, CancellationToken cancellationToken)
    {
        var reachable = settings?.Repositories is { Count: > 0 } || settings?.FollowedOwners is { Count: > 0 }
            ? (await accessLists.GetAsync(user, cancellationToken)).Value
            : [];
        var (errors, normalized) = SettingsStore.Validate(settings, reachable);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The settings were not saved",
                detail: "Correct the fields listed in 'errors' and save again.");
        }

        await store.SaveAsync(user.UserId, normalized, cancellationToken);
        await backfill.EnqueueAsync(user, FollowedRepositories.Resolve(normalized, reachable).Select(r => r.Repository), cancellationToken);
        return TypedResults.Ok(normalized);
    }
}
