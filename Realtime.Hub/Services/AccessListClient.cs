using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace Realtime.Hub.Services;

/// <summary>
/// The user's repository access list from GitHubProxy.Api (<c>GET /internal/users/{userId}/access</c>). A 404 means
/// nothing is known about the user yet: nothing is allowed. Other failures throw; callers refuse new subscriptions
/// and keep existing ones until the next successful check.
/// </summary>
public sealed class AccessListClient(IHttpClientFactory httpClients)
{
    /// <summary>
    /// The named client (BaseAddress <c>GitHubProxy:BaseUrl</c>, <c>http://githubproxy-api</c>; its handler adds
    /// <c>GitHubProxy:AccessListApiKey</c>): ServiceDefaults' resilience and service discovery apply to it.
    /// </summary>
    public const string HttpClientName = "githubproxy-api";

    public async Task<AccessList> GetAsync(long userId, CancellationToken cancellationToken)
    {
        // A client per call from the factory (this service is a singleton): handlers rotate as the factory intends.
        var http = httpClients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/internal/users/{userId.ToString(CultureInfo.InvariantCulture)}/access");
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return AccessList.Nothing(userId);
        }

        response.EnsureSuccessStatusCode();
        var list = await response.Content.ReadFromJsonAsync<AccessList>(LiveEventDispatcher.JsonOptions, cancellationToken)
            ?? throw new HttpRequestException("GitHubProxy.Api answered an empty access list.");
        // Never trust a list for another user, whatever the reason.
        return list.UserId == userId ? list : AccessList.Nothing(userId);
    }
}

/// <summary>Access lists for new subscriptions, reused for <see cref="RealtimeOptions.AccessListCacheDuration"/> and
/// fetched once per user at a time.</summary>
public sealed class AccessLists(AccessListClient client, IOptions<RealtimeOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<long, (DateTimeOffset FetchedAt, Lazy<Task<AccessList>> List)> _cache = new();

    public async Task<AccessList> GetAsync(long userId, bool fresh, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!fresh && _cache.TryGetValue(userId, out var cached) && now - cached.FetchedAt < options.Value.AccessListCacheDuration)
        {
            try
            {
                return await cached.List.Value.WaitAsync(cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // A failed fetch is not reused: fall through and ask again.
            }
        }

        var entry = (now, new Lazy<Task<AccessList>>(() => client.GetAsync(userId, CancellationToken.None)));
        _cache[userId] = entry;
        try
        {
            return await entry.Item2.Value.WaitAsync(cancellationToken);
        }
        catch
        {
            _cache.TryRemove(KeyValuePair.Create(userId, entry));
            throw;
        }
    }

    /// <summary>Forgets users without connections, so the cache does not grow without end.</summary>
    public void Trim(IReadOnlySet<long> activeUsers)
    {
        foreach (var userId in _cache.Keys)
        {
            if (!activeUsers.Contains(userId))
            {
                _cache.TryRemove(userId, out _);
            }
        }
    }
}
