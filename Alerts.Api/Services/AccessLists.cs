using System.Collections.Concurrent;
using Alerts.Api.Model;
using Microsoft.Extensions.Options;

namespace Alerts.Api.Services;

/// <summary>
/// Whether a rule's owner can still see a repository: GitHubProxy.Api's <c>/internal/users/{id}/access</c>, kept for
/// <c>Alerts:AccessListCacheTime</c>. A 404 (nothing known about the user) grants nothing; any other failure throws, so the
/// event is redelivered later rather than its alert lost or sent to someone who may no longer see the repository.
/// </summary>
public sealed class AccessLists(IHttpClientFactory httpClients, IOptionsMonitor<AlertsOptions> options, TimeProvider time)
{
    public const string HttpClientName = "githubproxy-api";

    private readonly ConcurrentDictionary<long, (AccessList List, DateTimeOffset FetchedAt)> _cache = new();

    public async Task<bool> GrantsAsync(long userId, string fullName, long repositoryId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!_cache.TryGetValue(userId, out var cached) || now - cached.FetchedAt >= options.CurrentValue.AccessListCacheTime)
        {
            cached = (await FetchAsync(userId, cancellationToken), now);
            _cache[userId] = cached;
        }

        return cached.List.Grants(fullName, repositoryId, now);
    }

    private Task<AccessList> FetchAsync(long userId, CancellationToken cancellationToken) =>
        InternalUserLists.FetchAsync(httpClients, userId, "access", list => list.UserId, AccessList.Nothing, cancellationToken);
}
