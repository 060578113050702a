using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using ActionsDashboard.GitHub.Rest;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Polly;
using StackExchange.Redis;

namespace GitHubProxy.Api.Services;

/// <summary>
/// The Redis cache of GitHub answers. Keys always contain the user id (<c>ghp:c:{userId}:{resource}</c>): one person's
/// private data never serves another. Within its freshness an entry is served as is; after it, the entry is revalidated
/// with <c>If-None-Match</c> (a 304 costs no rate limit); within the stale-while-revalidate window it is served at once
/// and revalidated behind; identical concurrent misses share one GitHub call; when GitHub fails or the token's budget is
/// low, the last good answer is served with <c>stale: true</c> (for a resource with a <c>maxAge</c>, the access list, a
/// low budget does not skip the revalidation while GitHub can be asked, and nothing older than its maxAge is served).
/// </summary>
public sealed partial class GitHubResponseCache(
    IConnectionMultiplexer redis,
    RateLimitBudget budget,
    IOptionsMonitor<GitHubProxyOptions> options,
    TimeProvider time,
    ILogger<GitHubResponseCache> logger) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _inFlight = new();

    /// <summary>
    /// The last entry decoded per key, with the bytes it was decoded from: an entry read again unchanged (the access list
    /// and installations on every dashboard request) is compared, not decoded again: a dashboard revalidation allocated 141
    /// KiB before and 82 KiB after (#17 goal 2, service and bench client together). What is handed out is shared: entries are records
    /// with arrays nobody changes.
    /// </summary>
    private readonly MemoryCache _decoded = new(new MemoryCacheOptions
    {
        SizeLimit = 10_000,
    });

    private sealed record Decoded(byte[] Raw, object Entry);

    public static string Key(long userId, string resource) => $"ghp:c:{userId}:{resource}";

    /// <param name="resource">Names the GitHub resource for this user; validated names and numbers only.</param>
    /// <param name="fetch">Calls GitHub with the ETag to revalidate (null for a plain GET).</param>
    /// <param name="staleWhileRevalidate">False: past its freshness, an entry is always revalidated before it is answered.</param>
    /// <param name="maxAge">An entry older than this is never answered, not even marked stale: when GitHub cannot be asked,
    /// the call fails with <see cref="GitHubUnavailableException"/> (the access list, which grants access, uses it).</param>
    /// <param name="timeToLive">How long Redis keeps the entry; default <see cref="GitHubProxyOptions.MaxStaleAge"/>. Job log
    /// excerpts are kept only briefly.</param>
    public async Task<Cached<T>> GetAsync<T>(long userId, string resource, TimeSpan freshness,
        Func<string?, CancellationToken, Task<Fetched<T>>> fetch, CancellationToken cancellationToken, bool staleWhileRevalidate = true,
        TimeSpan? maxAge = null, TimeSpan? timeToLive = null)
    {
        var key = Key(userId, resource);
        var entry = await ReadAsync<T>(key);
        var now = time.GetUtcNow();
        var settings = options.CurrentValue;
        if (entry is not null && now - entry.FetchedAt < freshness)
        {
            return new Cached<T>(entry.Value, false, entry.FetchedAt);
        }

        var servable = entry is not null && (maxAge is null || now - entry.FetchedAt <= maxAge);
        var state = await budget.GetAsync(userId);
        if (!budget.CanSpend(state, settings.LowBudgetThreshold))
        {
            var now2 = time.GetUtcNow();
            var stopped = state!.BlockedUntil is { } until && until > now2 || state.Remaining <= 0 && state.ResetAt > now2;
            // A low budget serves the cache, except what grants access (it has a maxAge): that is revalidated while
            // GitHub can still be asked (a 304 costs no rate limit), so an old copy does not keep granting what GitHub
            // withdrew. Once GitHub said stop, even that is served from the cache, within its maxAge.
            if (servable && (maxAge is null || stopped))
            {
                return new Cached<T>(entry!.Value, true, entry.FetchedAt);
            }

            // Nothing cached: spend what is left rather than fail, unless GitHub told us to stop.
            if (stopped)
            {
                var wait = (state.BlockedUntil ?? state.ResetAt) - now2;
                throw new GitHubUnavailableException(
                    $"Your GitHub API budget is used up; it resets at {(state.BlockedUntil ?? state.ResetAt):HH:mm} UTC. Try again then.", wait);
            }
        }

        var revalidation = Revalidate(userId, key, entry, freshness, maxAge, fetch, timeToLive);
        if (staleWhileRevalidate && servable && now - entry!.FetchedAt < freshness + settings.StaleWhileRevalidate)
        {
            _ = revalidation.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            return new Cached<T>(entry.Value, false, entry.FetchedAt);
        }

        return await revalidation.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets cached answers (after a write changed them).</summary>
    public async Task InvalidateAsync(long userId, params string[] resources)
    {
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(resources.Select(r => (RedisKey)Key(userId, r)).ToArray());
        }
        catch (RedisException)
        {
        }
    }

    public async Task<CacheEntry<T>?> ReadAsync<T>(string key)
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(key);
            if (value.IsNullOrEmpty)
            {
                return null;
            }

            // The reply's bytes as they are (no copy) for the comparison; copied only to be kept.
            ReadOnlyMemory<byte> raw = value;
            if (_decoded.TryGetValue(key, out Decoded? known) && known!.Entry is CacheEntry<T> same && raw.Span.SequenceEqual(known.Raw))
            {
                return same;
            }

            var entry = JsonSerializer.Deserialize<CacheEntry<T>>(raw.Span, Json);
            if (entry is not null)
            {
                _decoded.Set(key, new Decoded(raw.ToArray(), entry), new MemoryCacheEntryOptions
                {
                    Size = 1,
                    SlidingExpiration = TimeSpan.FromMinutes(5),
                });
            }

            return entry;
        }
        catch (Exception exception) when (exception is RedisException or JsonException)
        {
            LogCacheReadFailed(logger, exception, key);
            return null;
        }
    }

    public async Task WriteAsync<T>(string key, CacheEntry<T> entry, TimeSpan? timeToLive = null)
    {
        try
        {
            await redis.GetDatabase().StringSetAsync(key, JsonSerializer.Serialize(entry, Json), timeToLive ?? options.CurrentValue.MaxStaleAge);
        }
        catch (RedisException exception)
        {
            LogCacheWriteFailed(logger, exception, key);
        }
    }

    private async Task<Cached<T>> Revalidate<T>(long userId, string key, CacheEntry<T>? entry, TimeSpan freshness, TimeSpan? maxAge,
        Func<string?, CancellationToken, Task<Fetched<T>>> fetch, TimeSpan? timeToLive)
    {
        var lazy = _inFlight.GetOrAdd(key, _ => new Lazy<Task<object>>(async () =>
        {
            try
            {
                // A caller that read the cache just before another call finished (and left the in-flight table) must not
                // ask GitHub again: read once more inside the single flight.
                var current = await ReadAsync<T>(key);
                if (current is not null && time.GetUtcNow() - current.FetchedAt < freshness && current.FetchedAt != entry?.FetchedAt)
                {
                    return new Cached<T>(current.Value, false, current.FetchedAt);
                }

                return await FetchAndStoreAsync(userId, key, current ?? entry, maxAge, fetch, timeToLive);
            }
            finally
            {
                _inFlight.TryRemove(key, out var _);
            }
        }));
        return (Cached<T>)await lazy.Value;
    }

    private async Task<object> FetchAndStoreAsync<T>(long userId, string key, CacheEntry<T>? entry, TimeSpan? maxAge,
        Func<string?, CancellationToken, Task<Fetched<T>>> fetch, TimeSpan? timeToLive)
    {
        // The shared call must not be cancelled by the first caller going away: others wait on it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            var fetched = await fetch(entry?.ETag, timeout.Token);
            await budget.RecordAsync(userId, fetched.RateLimit);
            var now = time.GetUtcNow();
            CacheEntry<T> next;
            if (fetched.NotModified && entry is not null)
            {
                next = entry with { FetchedAt = now };
            }
            else if (fetched.Value is not null)
            {
                next = new CacheEntry<T>(fetched.Value, fetched.ETag, now);
            }
            else
            {
                throw new GitHubUnavailableException("GitHub answered 'not modified' to a request that had nothing cached.");
            }

            await WriteAsync(key, next, timeToLive);
            return new Cached<T>(next.Value, false, next.FetchedAt);
        }
        catch (GitHubApiException exception) when (exception.IsRateLimit)
        {
            await budget.BlockAsync(userId, exception.RetryAfter, exception.RateLimit);
            return IsServable(entry, maxAge)
                ? new Cached<T>(entry.Value, true, entry.FetchedAt)
                : throw new GitHubUnavailableException(exception.Message, exception.RetryAfter, exception);
        }
        catch (Exception exception) when (IsGitHubFailure(exception))
        {
            LogGitHubFailed(logger, exception, key);
            return IsServable(entry, maxAge)
                ? new Cached<T>(entry.Value, true, entry.FetchedAt)
                : throw new GitHubUnavailableException("GitHub could not be reached. Try again in a moment.", null, exception);
        }
    }

    private bool IsServable<T>([NotNullWhen(true)] CacheEntry<T>? entry, TimeSpan? maxAge) =>
        entry is not null && (maxAge is null || time.GetUtcNow() - entry.FetchedAt <= maxAge);

    /// <summary>GitHub failed or could not be reached: a 5xx, the network, a timeout, or the resilience handler's timeout
    /// or open circuit breaker (<see cref="ExecutionRejectedException"/>).</summary>
    public static bool IsGitHubFailure(Exception exception) => exception switch
    {
        GitHubApiException api => api.Kind is GitHubErrorKind.ServerError or GitHubErrorKind.Unexpected || (int)api.StatusCode >= 500,
        HttpRequestException => true,
        OperationCanceledException => true,
        ExecutionRejectedException => true,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading cache entry {Key} failed")]
    private static partial void LogCacheReadFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing cache entry {Key} failed")]
    private static partial void LogCacheWriteFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub failed for {Key}; serving the last good answer if there is one")]
    private static partial void LogGitHubFailed(ILogger logger, Exception exception, string key);

    public void Dispose() => _decoded.Dispose();
}
