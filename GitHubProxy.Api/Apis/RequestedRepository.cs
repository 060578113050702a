using GitHubProxy.Api.Model;
using Microsoft.AspNetCore.Mvc;

namespace GitHubProxy.Api.Apis;

/// <summary>
/// The repository a <c>/repos/{owner}/{repo}/**</c> route names, as a handler parameter (<c>[AsParameters]</c>): the two
/// route values (so OpenAPI documents them) and <see cref="View"/>, the repository
/// <see cref="RepositoryRoute.RequireRepositoryAccess"/> checked before the handler runs.
/// </summary>
/// <remarks>
/// Parameters are bound before endpoint filters run, so <see cref="View"/> is read when the handler asks for it, not
/// while binding.
/// </remarks>
/// <param name="Owner">The owner as the request spelled it.</param>
/// <param name="Repo">The repository name as the request spelled it.</param>
/// <param name="Context">The request, whose items hold what the filter found.</param>
public readonly record struct RequestedRepository(
    [FromRoute(Name = "owner")] string Owner,
    [FromRoute(Name = "repo")] string Repo,
    HttpContext Context)
{
    /// <summary>The repository with GitHub's spelling and the user's permissions.</summary>
    public RepositoryView View => RepositoryRoute.Current(Context);
}
