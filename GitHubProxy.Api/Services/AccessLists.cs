using GitHubProxy.Api.Model;
using StackExchange.Redis;

namespace GitHubProxy.Api.Services;

/// <summary>
/// Which repositories a user can reach: GitHub's <c>/user/repos</c> for that user, cached at most
/// <see cref="GitHubProxyOptions.RepositoriesFreshness"/> (5 minutes) per user, cut at once by installation events, and
/// revalidated page by page. A list older than <see cref="GitHubProxyOptions.AccessListMaxAge"/> never grants access: when
/// GitHub cannot be asked, <see cref="GetAsync"/> throws <see cref="GitHubUnavailableException"/> (a 503).
/// </summary>
public sealed class AccessLists(GitHubData gitHub, GitHubResponseCache cache, IConnectionMultiplexer redis)
{
    public Task<Cached<RepositoryView[]>> GetAsync(CurrentUser user, CancellationToken cancellationToken) =>
        gitHub.GetRepositoriesAsync(user, cancellationToken);

    /// <summary>The repository with GitHub's spelling, or null when the user cannot reach it (or it does not exist).</summary>
    public async Task<RepositoryView?> FindAsync(CurrentUser user, string owner, string name, CancellationToken cancellationToken)
    {
        var fullName = $"{owner}/{name}";
        var list = await GetAsync(user, cancellationToken);
        return list.Value.FirstOrDefault(r => string.Equals(r.FullName, fullName, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The last known list, without asking GitHub (for Realtime.Hub), or null when nothing is known.</summary>
    public Task<CacheEntry<RepositoryView[]>?> GetLastKnownAsync(long userId) =>
        cache.ReadAsync<RepositoryView[]>(GitHubResponseCache.Key(userId, GitHubData.RepositoriesResource));

    /// <summary>Removes <paramref name="removedRepositories"/> (and every repository of <paramref name="removedAccount"/>) from every
    /// stored list and marks every list for a refresh on its next use.</summary>
    public async Task InvalidateAllAsync(IReadOnlyCollection<string> removedRepositories, string? removedAccount)
    {
        var removed = new HashSet<string>(removedRepositories, StringComparer.OrdinalIgnoreCase);
        var users = await redis.GetDatabase().SetMembersAsync(GitHubData.AccessUsersKey);
        foreach (var member in users)
        {
            if (!long.TryParse((string?)member, out var userId))
            {
                continue;
            }

            var key = GitHubResponseCache.Key(userId, GitHubData.RepositoriesResource);
            var entry = await cache.ReadAsync<RepositoryView[]>(key);
            if (entry is null)
            {
                continue;
            }

            var kept = entry.Value
                .Where(r => !removed.Contains(r.FullName)
                    && !(removedAccount is not null && string.Equals(r.Owner, removedAccount, StringComparison.OrdinalIgnoreCase)))
                .ToArray();
            // No ETag and an old time: the next use asks GitHub for the whole list again.
            await cache.WriteAsync(key, new CacheEntry<RepositoryView[]>(kept, null, DateTimeOffset.UnixEpoch));
        }
    }
}
