using ActionsDashboard.Identity.InternalApi;
using GitHubProxy.Api.Model;
using GitHubProxy.Api.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GitHubProxy.Api.Apis;

/// <summary>
/// The user's GitHub teams (for team alert rules): <c>GET /api/user/teams</c> for the browser, which asks GitHub with the
/// user's token (cached a minute), and <c>GET /internal/users/{userId}/teams</c> for Alerts.Api, the last known list,
/// secured exactly as <c>/internal/users/{userId}/access</c> (<c>Authorization: Bearer &lt;AccessList:ApiKey&gt;</c>; the
/// gateway never routes <c>/internal</c>).
/// </summary>
public static class TeamsApi
{
    public static IEndpointRouteBuilder MapTeamsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").RequireAuthorization()
            .MapGet("/user/teams", GetTeamsAsync).WithName("ListTeams")
            .WithSummary("The GitHub teams the signed-in user belongs to (organization/slug), for team alert rules.")
            .WithTags("User");
        app.MapGet("/internal/users/{userId:long}/teams", GetLastKnownTeamsAsync)
            .RequireBearerKey("AccessList:ApiKey",
                services => services.GetRequiredService<IOptionsMonitor<AccessListOptions>>().CurrentValue.ApiKey)
            .WithSummary("The user's last known GitHub teams, for Alerts.Api.")
            .WithTags("Internal")
            .ExcludeFromDescription();
        return app;
    }

    public static async Task<Ok<TeamsResponse>> GetTeamsAsync(CurrentUser user, UserTeams teams, CancellationToken cancellationToken)
    {
        var list = await teams.GetAsync(user, cancellationToken);
        return TypedResults.Ok(new TeamsResponse(list.Value, list.Stale, list.FetchedAt));
    }

    /// <summary>The last known list, never refreshed here (no user token on this route): the browser's
    /// <c>/api/user/teams</c> refreshes it. Older than <c>GitHubProxy:AccessListMaxAge</c>, it grants no team.</summary>
    public static async Task<Results<Ok<TeamListResponse>, ProblemHttpResult>> GetLastKnownTeamsAsync(long userId, UserTeams teams, GitHubData gitHub,
        TimeProvider time)
    {
        if (await teams.GetLastKnownAsync(userId) is not { } entry)
        {
            return TypedResults.Problem(title: "Teams not known", detail: "This user's teams have not been read from GitHub yet.",
                statusCode: StatusCodes.Status404NotFound);
        }

        var expiresAt = entry.FetchedAt + gitHub.AccessListMaxAge;
        return TypedResults.Ok(new TeamListResponse(userId, expiresAt > time.GetUtcNow() ? entry.Value : [], entry.FetchedAt, expiresAt));
    }
}
