namespace Alerts.Api.Model;

/// <summary>GitHubProxy.Api's <c>GET /internal/users/{userId}/access</c> answer (the fields used here).</summary>
public sealed record AccessList(long UserId, IReadOnlyList<string> Repositories, DateTimeOffset? ExpiresAt = null,
    IReadOnlyDictionary<string, long>? RepositoryIds = null)
{
    public static AccessList Nothing(long userId) => new(userId, []);

    /// <summary>Whether the list grants the repository: by name and, when the list has ids, by GitHub's id (a name can be
    /// reused by another repository later).</summary>
    public bool Grants(string fullName, long repositoryId, DateTimeOffset now)
    {
        if (ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            return false;
        }

        var name = Repositories.FirstOrDefault(candidate => string.Equals(candidate, fullName, StringComparison.OrdinalIgnoreCase));
        if (name is null)
        {
            return false;
        }

        return RepositoryIds is null || RepositoryIds.TryGetValue(name, out var id) && id == repositoryId;
    }
}
