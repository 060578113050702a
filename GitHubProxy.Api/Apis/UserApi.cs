using GitHubProxy.Api.Model;
using GitHubProxy.Api.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GitHubProxy.Api.Apis;

/// <summary><c>/api/user</c> and <c>/api/repos</c>: who the user is, their budget, and what they can reach.</summary>
public static class UserApi
{
    public static RouteGroupBuilder MapUserApi(this RouteGroupBuilder api)
    {
        api.MapGet("/user", GetUserAsync).WithName("GetUser")
            .WithSummary("The signed-in user's GitHub profile and what is left of their GitHub rate limit.")
            .WithTags("User");
        api.MapGet("/repos", GetRepositoriesAsync).WithName("ListRepositories")
            .WithSummary("Every repository the signed-in user can reach on GitHub, with whether they may re-run and cancel.")
            .WithTags("User");
        return api;
    }

    public static async Task<Ok<UserResponse>> GetUserAsync(CurrentUser user, GitHubData gitHub, RateLimitBudget budget, CancellationToken cancellationToken)
    {
        var profile = await gitHub.GetUserAsync(user, cancellationToken);
        var state = await budget.GetAsync(user.UserId);
        var rateLimit = state is null ? null : new RateLimitView(state.Limit, state.Remaining, state.Used, state.ResetAt, state.Resource);
        var p = profile.Value;
        return TypedResults.Ok(new UserResponse(p.Id, p.Login, p.Name, p.AvatarUrl, p.HtmlUrl, rateLimit));
    }

    public static async Task<Ok<RepositoriesResponse>> GetRepositoriesAsync(CurrentUser user, AccessLists accessLists, CancellationToken cancellationToken)
    {
        var list = await accessLists.GetAsync(user, cancellationToken);
        return TypedResults.Ok(new RepositoriesResponse(list.Value, list.Stale, list.FetchedAt));
    }
}
