using GitHubProxy.Api.Model;
using Microsoft.Extensions.Caching.Memory;

namespace GitHubProxy.Api.Services;

/// <summary>
/// This instance's memory of the two PostgreSQL reads a dashboard revalidation would otherwise make on every request: a
/// user's settings and the repositories' coverage rows (<c>tracked_repositories</c>). Each is kept with the Redis version it
/// was read under (<see cref="DashboardVersions"/>, read before the row) and given back only while that version is still
/// current, so a change committed on any replica is seen at the next request. Entries live 40 to 60 s (a lost
/// counter raise hides a change from this memory for no longer) and the memory holds a bounded number of them.
/// </summary>
public sealed class DashboardMemo : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <summary>Entries at most (a user's settings or one repository's row each); the least recently used go first.</summary>
    public const int Capacity = 100_000;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    private sealed record Entry<T>(string Version, T Value);

    public bool TryGetSettings(long userId, string version, out Settings settings) => TryGet(("s", userId), version, out settings);

    public void SetSettings(long userId, string version, Settings settings) => Set(("s", userId), version, settings);

    /// <summary>The coverage rows of the repositories whose version is unchanged (a null row: not tracked); the others in
    /// <paramref name="missing"/>, by their index in <paramref name="repositoryIds"/>.</summary>
    public Dictionary<long, TrackedRepository> GetTracked(IReadOnlyList<long> repositoryIds, DashboardCounters counters, List<int> missing)
    {
        var found = new Dictionary<long, TrackedRepository>();
        for (var i = 0; i < repositoryIds.Count; i++)
        {
            if (!TryGet<TrackedRepository?>(("t", repositoryIds[i]), counters.RepositoryVersion(i), out var row))
            {
                missing.Add(i);
            }
            else if (row is not null)
            {
                found[repositoryIds[i]] = row;
            }
        }

        return found;
    }

    /// <summary>Remembers the rows read for <paramref name="indexes"/> (absent from <paramref name="rows"/>: not tracked).</summary>
    public void SetTracked(IReadOnlyList<long> repositoryIds, IEnumerable<int> indexes, DashboardCounters counters,
        IReadOnlyDictionary<long, TrackedRepository> rows)
    {
        foreach (var i in indexes)
        {
            Set(("t", repositoryIds[i]), counters.RepositoryVersion(i), rows.GetValueOrDefault(repositoryIds[i]));
        }
    }

    private bool TryGet<T>((string, long) key, string version, out T value)
    {
        if (_cache.TryGetValue(key, out Entry<T>? entry) && entry is not null && entry.Version == version)
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    // Each entry lives between two thirds of the lifetime and all of it: entries written together (one dashboard's
    // repositories, every user's settings after a start) do not all expire in the same instant, when every request would
    // read PostgreSQL at once (measured: at 1,000 revalidations/s on two instances that exhausted its connections).
    private void Set<T>((string, long) key, string version, T value) =>
        _cache.Set(key, new Entry<T>(version, value), new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpirationRelativeToNow = Lifetime - TimeSpan.FromMilliseconds(Random.Shared.Next((int)(Lifetime.TotalMilliseconds / 3))),
        });

    public void Dispose() => _cache.Dispose();
}
