namespace GitHubProxy.Api.Model;

/// <summary><c>GET /api/user/teams</c>: the signed-in user's teams; <paramref name="Stale"/> when GitHub could not be asked.</summary>
public sealed record TeamsResponse(IReadOnlyList<TeamView> Teams, bool Stale, DateTimeOffset FetchedAt);

/// <summary>
/// The internal <c>/internal/users/{userId}/teams</c> answer: the last known list. Past <paramref name="ExpiresAt"/> (its
/// refresh time plus <c>GitHubProxy:AccessListMaxAge</c>) it is answered with no teams at all, as the access list is.
/// </summary>
public sealed record TeamListResponse(long UserId, IReadOnlyList<TeamView> Teams, DateTimeOffset RefreshedAt, DateTimeOffset ExpiresAt);
