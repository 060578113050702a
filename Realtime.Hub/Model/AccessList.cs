namespace Realtime.Hub.Model;

/// <summary>GitHubProxy.Api's <c>GET /internal/users/{userId}/access</c> answer (docs/contracts.md, "Internal routes").</summary>
public sealed record AccessList(long UserId, IReadOnlyList<string> Repositories, IReadOnlyList<string> Selected, DateTimeOffset? RefreshedAt)
{
    /// <summary>A user GitHubProxy.Api knows nothing about (its 404): nothing is allowed.</summary>
    public static AccessList Nothing(long userId) => new(userId, [], [], null);

    private Dictionary<string, string>? _allowed;

    /// <summary>Allowed repositories by key, in GitHub's spelling.</summary>
    public IReadOnlyDictionary<string, string> Allowed => _allowed ??= Repositories
        .Where(RepositoryNames.IsWellFormed)
        .GroupBy(RepositoryNames.Key)
        .ToDictionary(group => group.Key, group => group.First());
}
