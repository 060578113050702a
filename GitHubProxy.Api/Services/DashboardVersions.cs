using StackExchange.Redis;

namespace GitHubProxy.Api.Services;

/// <summary>
/// Change counters for the dashboard's ETag, in Redis so every replica sees them: <c>ghp:v:{repositoryId}</c>, raised by the
/// read model after each commit that changes a repository's runs, and <c>ghp:v:all</c>, raised by pruning. A counter is
/// raised after the commit and read before the runs are: an answer is never older than the counters it is tagged with, so
/// a matching ETag never hides a change. A raise that fails (Redis down between the commit and the raise) is bounded by
/// the ETag's minute (<see cref="DashboardBuilder"/>): no answer is reused past the next minute.
/// </summary>
public sealed partial class DashboardVersions(IConnectionMultiplexer redis, ILogger<DashboardVersions> logger)
{
    public const string AllKey = "ghp:v:all";

    public static string Key(long repositoryId) => $"ghp:v:{repositoryId}";

    public Task RaiseAsync(long repositoryId) => RaiseAsync(Key(repositoryId));

    public Task RaiseAllAsync() => RaiseAsync(AllKey);

    /// <summary>The counters of <paramref name="repositoryIds"/>, in order, after <see cref="AllKey"/>'s; null when Redis cannot
    /// be read (the dashboard then has no ETag).</summary>
    public async Task<long[]?> GetAsync(IReadOnlyList<long> repositoryIds)
    {
        try
        {
            var values = await redis.GetDatabase().StringGetAsync([AllKey, .. repositoryIds.Select(id => (RedisKey)Key(id))]);
            return [.. values.Select(v => v.TryParse(out long n) ? n : 0)];
        }
        catch (RedisException exception)
        {
            LogReadFailed(logger, exception);
            return null;
        }
    }

    private async Task RaiseAsync(string key)
    {
        try
        {
            await redis.GetDatabase().StringIncrementAsync(key);
        }
        catch (RedisException exception)
        {
            LogRaiseFailed(logger, exception, key);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not raise the dashboard version {Key}; dashboards may be answered 304 until the next minute.")]
    private static partial void LogRaiseFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the dashboard versions; answering without an ETag.")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}
