using System.Collections.Concurrent;
using Octokit.Caching;
using Octokit.Internal;

namespace GitHub.Simulator.ConformanceTests.Infrastructure;

/// <summary>
/// The smallest <see cref="IResponseCache"/> Octokit's <see cref="CachingHttpClient"/> needs: one entry per method,
/// URL, query and credentials, so a second GET goes out as a conditional request with the cached ETag.
/// </summary>
public sealed class InMemoryResponseCache : IResponseCache
{
    private readonly ConcurrentDictionary<string, CachedResponse.V1> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public Task<CachedResponse.V1> GetAsync(IRequest request) =>
        Task.FromResult(_entries.TryGetValue(Key(request), out var cached) ? cached : null!);

    public Task SetAsync(IRequest request, CachedResponse.V1 cachedResponse)
    {
        _entries[Key(request)] = cachedResponse;
        return Task.CompletedTask;
    }

    private static string Key(IRequest request)
    {
        var query = string.Join("&", (request.Parameters ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));
        request.Headers.TryGetValue("Authorization", out var authorization);
        return $"{request.Method} {new Uri(request.BaseAddress, request.Endpoint)}?{query} {authorization}";
    }
}
