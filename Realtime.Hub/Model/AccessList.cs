namespace Realtime.Hub.Model;

/// <summary>GitHubProxy.Api's <c>GET /internal/users/{userId}/access</c> answer (docs/contracts.md, "Internal routes").</summary>
/// <remarks>
/// <see cref="ExpiresAt"/>: when the list stops granting (GitHubProxy.Api's <c>AccessListMaxAge</c> after its refresh).
/// An expired list grants nothing here either, whatever it holds, and the user's live connections are closed so the
/// browser reloads through <c>/api</c>, which refreshes it.
/// <see cref="RepositoryIds"/>: GitHub's id of each repository, by full name. A name can belong to another repository
/// later (deleted and re-created, or transferred and reused), so an event is delivered only when it carries the id the
/// list has for its name; a repository the list gives no id for (an older GitHubProxy.Api) grants nothing.
/// </remarks>
public sealed record AccessList(long UserId, IReadOnlyList<string> Repositories, IReadOnlyList<string> Selected, DateTimeOffset? RefreshedAt,
    DateTimeOffset? ExpiresAt = null, IReadOnlyDictionary<string, long>? RepositoryIds = null)
{
    /// <summary>A user GitHubProxy.Api knows nothing about (its 404): nothing is allowed.</summary>
    public static AccessList Nothing(long userId) => new(userId, [], [], null);

    /// <summary>True once <see cref="ExpiresAt"/> has passed.</summary>
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiresAt && expiresAt <= now;

    private Dictionary<string, (string FullName, long Id)>? _allowed;

    /// <summary>Allowed repositories by key: GitHub's spelling and GitHub's repository id.</summary>
    public IReadOnlyDictionary<string, (string FullName, long Id)> Allowed => _allowed ??= AllowedRepositories();

    private Dictionary<string, (string FullName, long Id)> AllowedRepositories()
    {
        var ids = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var (fullName, id) in RepositoryIds ?? new Dictionary<string, long>())
        {
            ids.TryAdd(fullName, id);
        }

        var allowed = new Dictionary<string, (string FullName, long Id)>(StringComparer.Ordinal);
        foreach (var fullName in Repositories.Where(RepositoryNames.IsWellFormed))
        {
            if (ids.TryGetValue(fullName, out var id) && id > 0)
            {
                allowed.TryAdd(RepositoryNames.Key(fullName), (fullName, id));
            }
        }

        return allowed;
    }
}
