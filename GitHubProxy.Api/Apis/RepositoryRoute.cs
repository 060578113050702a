using ActionsDashboard.GitHub.Rest;
using GitHubProxy.Api.Model;
using GitHubProxy.Api.Services;

namespace GitHubProxy.Api.Apis;

/// <summary>
/// Every <c>/api/repos/{owner}/{repo}/**</c> route passes here first: a malformed owner or repo segment is a 400 and
/// never reaches GitHub; a repository the user cannot reach (or that does not exist) is a 404 <c>Repository not found</c>,
/// never a 403, which would confirm that a private repository exists. Handlers take what it found as an
/// <c>[AsParameters]</c> <see cref="RequestedRepository"/>.
/// </summary>
public static class RepositoryRoute
{
    private const string ItemKey = "GitHubProxy.Repository";

    public static TBuilder RequireRepositoryAccess<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var owner = http.GetRouteValue("owner") as string;
            var repo = http.GetRouteValue("repo") as string;
            if (!GitHubNames.IsValidOwner(owner) || !GitHubNames.IsValidRepositoryName(repo))
            {
                return Problems.MalformedRepository(owner, repo);
            }

            var user = CurrentUser.From(http);
            var accessLists = http.RequestServices.GetRequiredService<AccessLists>();
            var repository = await accessLists.FindAsync(user, owner, repo, http.RequestAborted);
            if (repository is null)
            {
                return Problems.RepositoryNotFound();
            }

            http.Items[ItemKey] = repository;
            return await next(context);
        });

    /// <summary>The repository the filter found, with GitHub's spelling and the user's permissions.</summary>
    internal static RepositoryView Current(HttpContext context) =>
        context.Items[ItemKey] as RepositoryView
        ?? throw new InvalidOperationException("RequireRepositoryAccess() must run before this handler.");
}
