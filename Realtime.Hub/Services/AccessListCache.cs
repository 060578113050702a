using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Realtime.Hub.Services;

/// <summary>Access lists for new subscriptions, reused for <see cref="RealtimeOptions.AccessListCacheDuration"/> and
/// fetched once per user at a time.</summary>
public sealed class AccessListCache(AccessListClient client, IOptions<RealtimeOptions> options, TimeProvider time)
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
