namespace GitHubProxy.Api.Model;

/// <summary>
/// The internal access-list answer. <paramref name="ExpiresAt"/>: when the list stops granting anything (its refresh time
/// plus <c>GitHubProxy:AccessListMaxAge</c>); a list past it is answered with no repositories at all.
/// </summary>
public sealed record AccessListResponse(long UserId, IReadOnlyList<string> Repositories, IReadOnlyList<string> Selected, DateTimeOffset RefreshedAt,
    DateTimeOffset ExpiresAt);
