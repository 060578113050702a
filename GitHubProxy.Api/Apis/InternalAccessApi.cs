using ActionsDashboard.Identity.InternalApi;
using GitHubProxy.Api.Model;
using GitHubProxy.Api.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GitHubProxy.Api.Apis;

/// <summary>
/// <c>GET /internal/users/{userId}/access</c> for Realtime.Hub: the user's last known access list (names and GitHub's
/// repository ids) and selected repositories. Needs <c>Authorization: Bearer &lt;AccessList:ApiKey&gt;</c>; the gateway never routes <c>/internal</c>.
/// </summary>
public static class InternalAccessApi
{
    public static IEndpointRouteBuilder MapInternalAccessApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/internal/users/{userId:long}/access", GetAccessAsync)
            .RequireBearerKey("AccessList:ApiKey",
                services => services.GetRequiredService<IOptionsMonitor<AccessListOptions>>().CurrentValue.ApiKey)
            .WithSummary("The user's last known access list and selected repositories, for Realtime.Hub.")
            .WithTags("Internal")
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The last known list, never refreshed here (this route has no user token to ask GitHub with). A list older than
    /// <c>GitHubProxy:AccessListMaxAge</c> grants nothing: it is answered with no repositories and an <c>expiresAt</c> in
    /// the past, and the hub closes the user's live connections; the browser's next <c>/api</c> call refreshes it.
    /// </summary>
    public static async Task<Results<Ok<AccessListResponse>, ProblemHttpResult>> GetAccessAsync(
        long userId, AccessLists accessLists, GitHubData gitHub, SettingsStore settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var access = await accessLists.GetLastKnownAsync(userId);
        var saved = await settings.FindAsync(userId, cancellationToken);
        if (access is null && saved is null)
        {
            return TypedResults.Problem(title: "User not known", detail: "Nothing is known about this user yet.",
                statusCode: StatusCodes.Status404NotFound);
        }

        var refreshedAt = access?.FetchedAt ?? DateTimeOffset.UnixEpoch;
        var expiresAt = refreshedAt + gitHub.AccessListMaxAge;
        var granted = access is not null && expiresAt > time.GetUtcNow() ? access.Value : [];
        var repositories = granted.Select(r => r.FullName).ToArray();
        var ids = granted.ToDictionary(r => r.FullName, r => r.Id, StringComparer.OrdinalIgnoreCase);
        // Only selected repositories the user can still reach (a removed installation cuts them at once), and the followed
        // owners' repositories the list has now: what the dashboard shows, so what a connection follows by default.
        var selected = saved is null ? [] : FollowedRepositories.Resolve(saved, granted).Select(r => r.Repository.FullName).ToArray();
        return TypedResults.Ok(new AccessListResponse(userId, repositories, selected, refreshedAt, expiresAt, ids));
    }
}
