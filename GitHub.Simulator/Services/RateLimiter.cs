namespace GitHub.Simulator.Services;

/// <summary>
/// GitHub's primary rate limit: a budget per token (or per address without one) that resets an hour after its
/// first use; plus a switchable secondary limit, for everyone or for one token.
/// </summary>
/// <remarks>https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api</remarks>
public sealed class RateLimiter(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly Lock _sync = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _secondaryLimited = new(StringComparer.Ordinal);
    private bool _secondaryForEveryone;

    private sealed class Bucket(int limit, DateTimeOffset reset)
    {
        public int Limit { get; set; } = limit;
        public int Used { get; set; }
        public DateTimeOffset Reset { get; set; } = reset;
        public RateLimitSnapshot Snapshot => new(Limit, Math.Max(0, Limit - Used), Used, Reset);
    }

    public RateLimitSnapshot Peek(string key, int limit)
    {
        lock (_sync)
        {
            return BucketFor(key, limit).Snapshot;
        }
    }

    /// <summary>Counts one request (callers check <see cref="Peek"/> for an exhausted budget first).</summary>
    public RateLimitSnapshot Consume(string key, int limit)
    {
        lock (_sync)
        {
            var bucket = BucketFor(key, limit);
            bucket.Used = Math.Min(bucket.Limit, bucket.Used + 1);
            return bucket.Snapshot;
        }
    }

    public RateLimitSnapshot SetRemaining(string key, int limit, int remaining)
    {
        lock (_sync)
        {
            var bucket = BucketFor(key, limit);
            bucket.Used = bucket.Limit - Math.Clamp(remaining, 0, bucket.Limit);
            return bucket.Snapshot;
        }
    }

    public bool IsSecondaryLimited(string key)
    {
        lock (_sync)
        {
            return _secondaryForEveryone || _secondaryLimited.Contains(key);
        }
    }

    /// <summary>Turns the secondary limit on or off for one key, or for everyone when <paramref name="key"/> is null.</summary>
    public void SetSecondary(string? key, bool limited)
    {
        lock (_sync)
        {
            if (key is null)
            {
                _secondaryForEveryone = limited;
                if (!limited)
                {
                    _secondaryLimited.Clear();
                }
            }
            else if (limited)
            {
                _secondaryLimited.Add(key);
            }
            else
            {
                _secondaryLimited.Remove(key);
            }
        }
    }

    public (bool ForEveryone, IReadOnlyList<string> Keys, IReadOnlyDictionary<string, RateLimitSnapshot> Buckets) Describe()
    {
        lock (_sync)
        {
            return (_secondaryForEveryone, _secondaryLimited.Order(StringComparer.Ordinal).ToList(),
                _buckets.ToDictionary(pair => pair.Key, pair => pair.Value.Snapshot, StringComparer.Ordinal));
        }
    }

    private Bucket BucketFor(string key, int limit)
    {
        var now = time.GetUtcNow();
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            bucket = new Bucket(limit, now + Window);
            _buckets[key] = bucket;
        }
        else if (bucket.Reset <= now)
        {
            bucket.Used = 0;
            bucket.Limit = limit;
            bucket.Reset = now + Window;
        }
        return bucket;
    }
}
