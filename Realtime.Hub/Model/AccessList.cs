namespace Realtime.Hub.Model;

/// <summary>GitHubProxy.Api's <c>GET /internal/users/{userId}/access</c> answer (docs/contracts.md, "Internal routes").</summary>
/// <remarks>
/// <see cref="ExpiresAt"/>: when the list stops granting (GitHubProxy.Api's <c>AccessListMaxAge</c> after its refresh).
/// An expired list grants nothing here either, whatever it holds, and the user's live connections are closed so the
/// browser reloads through <c>/api</c>, which refreshes it.
/// </remarks>
public sealed record AccessList(long UserId, IReadOnlyList<string> Repositories, IReadOnlyList<string> Selected, DateTimeOffset? RefreshedAt,
    DateTimeOffset? ExpiresAt = null)
{
    /// <summary>A user GitHubProxy.Api knows nothing about (its 404): nothing is allowed.</summary>
    public static AccessList Nothing(long userId) => new(userId, [], [], null);

    /// <summary>True once <see cref="ExpiresAt"/> has passed.</summary>
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiresAt && expiresAt <= now;

    private Dictionary<string, string>? _allowed;

    /// <summary>Allowed repositories by key, in GitHub's spelling.</summary>
    public IReadOnlyDictionary<string, string> Allowed => _allowed ??= Repositories
        .Where(RepositoryNames.IsWellFormed)
        .GroupBy(RepositoryNames.Key)
        .ToDictionary(group => group.Key, group => group.First());
}
