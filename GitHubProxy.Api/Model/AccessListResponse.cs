namespace GitHubProxy.Api.Model;

/// <summary>
/// The internal access-list answer. <paramref name="ExpiresAt"/>: when the list stops granting anything (its refresh time
/// plus <c>GitHubProxy:AccessListMaxAge</c>); a list past it is answered with no repositories at all.
/// <paramref name="RepositoryIds"/>: GitHub's id of each of <paramref name="Repositories"/>, keyed by the same full name, so
/// Realtime.Hub delivers an event only when it is about that repository and not an earlier one of the same name.
/// </summary>
public sealed record AccessListResponse(long UserId, IReadOnlyList<string> Repositories, IReadOnlyList<string> Selected, DateTimeOffset RefreshedAt,
    DateTimeOffset ExpiresAt, IReadOnlyDictionary<string, long> RepositoryIds);
