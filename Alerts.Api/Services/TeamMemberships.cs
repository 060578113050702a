using System.Collections.Concurrent;
using Alerts.Api.Model;
using Microsoft.Extensions.Options;

namespace Alerts.Api.Services;

/// <summary>
/// The GitHub teams a user belongs to: GitHubProxy.Api's <c>/internal/users/{id}/teams</c> (the last list it read from
/// GitHub's <c>/user/teams</c> with the user's token; the browser's <c>/api/user/teams</c> refreshes it), secured with the
/// same key as the access lists. Kept <c>Alerts:AccessListCacheTime</c> for firing; read afresh when a rule is saved. A 404
/// (nothing known) is no team; any other failure throws <see cref="HttpRequestException"/>.
/// </summary>
public sealed class TeamMemberships(IHttpClientFactory httpClients, IOptionsMonitor<AlertsOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<long, (TeamList List, DateTimeOffset FetchedAt)> _cache = new();

    /// <summary>The user's teams now; <paramref name="fresh"/>: ask GitHubProxy.Api even when a cached list is young enough.</summary>
    public async Task<IReadOnlySet<string>> TeamsOfAsync(long userId, bool fresh, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (fresh || !_cache.TryGetValue(userId, out var cached) || now - cached.FetchedAt >= options.CurrentValue.AccessListCacheTime)
        {
            cached = (await FetchAsync(userId, cancellationToken), now);
            _cache[userId] = cached;
        }

        return cached.List.Names(now);
    }

    public async Task<bool> IsMemberAsync(long userId, string team, CancellationToken cancellationToken) =>
        (await TeamsOfAsync(userId, fresh: false, cancellationToken)).Contains(team);

    private Task<TeamList> FetchAsync(long userId, CancellationToken cancellationToken) =>
        InternalUserLists.FetchAsync(httpClients, userId, "teams", list => list.UserId, TeamList.Nothing, cancellationToken);
}
