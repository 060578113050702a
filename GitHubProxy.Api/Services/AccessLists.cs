using GitHubProxy.Api.Model;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GitHubProxy.Api.Services;

/// <summary>
/// Which repositories a user can reach: GitHub's <c>/user/repos</c> for that user, cached at most
/// <see cref="GitHubProxyOptions.RepositoriesFreshness"/> (5 minutes) per user, cut at once by installation events, and
/// revalidated page by page. A list older than <see cref="GitHubProxyOptions.AccessListMaxAge"/> never grants access: when
/// GitHub cannot be asked, <see cref="GetAsync"/> throws <see cref="GitHubUnavailableException"/> (a 503).
/// </summary>
public sealed class AccessLists(
    GitHubData gitHub,
    GitHubResponseCache cache,
    IConnectionMultiplexer redis,
    IOptionsMonitor<GitHubProxyOptions> options,
    TimeProvider time)
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
            // No ETag, and aged just past its freshness (and the stale-while-revalidate window): the next use asks GitHub
            // for the whole list again before answering. Not older than it was: its age still limits what it grants.
            var settings = options.CurrentValue;
            var aged = time.GetUtcNow() - settings.RepositoriesFreshness - settings.StaleWhileRevalidate - TimeSpan.FromSeconds(1);
            await cache.WriteAsync(key, new CacheEntry<RepositoryView[]>(kept, null, entry.FetchedAt < aged ? entry.FetchedAt : aged));
        }
    }
}
