using StackExchange.Redis;

namespace GitHubProxy.Api.Services;

/// <summary>
/// Change counters for the dashboard's ETag, in Redis so every replica sees them: <c>ghp:v:{repositoryId}</c>, raised by the
/// read model after each commit that changes a repository's runs or coverage, <c>ghp:v:all</c>, raised by pruning, and
/// <c>ghp:s:{userId}</c>, raised after a user's settings are saved. A counter is raised after the commit and read before
/// what it versions: an answer is never older than the counters it is tagged with, so a matching ETag never hides a change.
/// A raise that fails (Redis down between the commit and the raise) is bounded by the ETag's period, five minutes
/// (<see cref="DashboardBuilder"/>), and the <see cref="DashboardMemo"/>'s lifetime, a minute.
/// <c>ghp:v:epoch</c> is a random token set when Redis has none: counters restart from zero when Redis loses its data, and
/// the new epoch keeps a version read before that loss from ever matching one read after it.
/// </summary>
public sealed partial class DashboardVersions(IConnectionMultiplexer redis, ILogger<DashboardVersions> logger)
{
    public const string AllKey = "ghp:v:all";
    public const string EpochKey = "ghp:v:epoch";

    public static string Key(long repositoryId) => $"ghp:v:{repositoryId}";

    public static string SettingsKey(long userId) => $"ghp:s:{userId}";

    public Task RaiseAsync(long repositoryId) => RaiseAsync(Key(repositoryId));

    public Task RaiseAllAsync() => RaiseAsync(AllKey);

    public Task RaiseSettingsAsync(long userId) => RaiseAsync(SettingsKey(userId));

    /// <summary>The counters of <paramref name="repositoryIds"/>, in order, after <see cref="AllKey"/>'s; null when Redis cannot
    /// be read (the dashboard then has no ETag and reads everything afresh).</summary>
    public async Task<DashboardCounters?> GetAsync(IReadOnlyList<long> repositoryIds)
    {
        try
        {
            var values = await redis.GetDatabase().StringGetAsync([EpochKey, AllKey, .. repositoryIds.Select(id => (RedisKey)Key(id))]);
            return new DashboardCounters(await EpochAsync(values[0]), [.. values.Skip(1).Select(Counter)]);
        }
        catch (RedisException exception)
        {
            LogReadFailed(logger, exception);
            return null;
        }
    }

    /// <summary>The version of <paramref name="userId"/>'s settings (epoch and counter); null when Redis cannot be read.</summary>
    public async Task<string?> GetSettingsVersionAsync(long userId)
    {
        try
        {
            var values = await redis.GetDatabase().StringGetAsync([EpochKey, SettingsKey(userId)]);
            return $"{await EpochAsync(values[0])}/{Counter(values[1])}";
        }
        catch (RedisException exception)
        {
            LogReadFailed(logger, exception);
            return null;
        }
    }

    private static long Counter(RedisValue value) => value.TryParse(out long n) ? n : 0;

    /// <summary>The epoch read, or a new one when Redis has none (first use, or its data was lost): set only if still absent,
    /// so concurrent first readers agree on one.</summary>
    private async Task<string> EpochAsync(RedisValue read)
    {
        if (!read.IsNull)
        {
            return read.ToString();
        }

        var database = redis.GetDatabase();
        await database.StringSetAsync(EpochKey, Guid.NewGuid().ToString("N"), when: When.NotExists);
        return (await database.StringGetAsync(EpochKey)).ToString();
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not raise the dashboard version {Key}; dashboards may be answered 304 for up to five minutes.")]
    private static partial void LogRaiseFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the dashboard versions; answering without an ETag.")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}

/// <summary>The counters one dashboard answer was read under: <see cref="DashboardVersions.AllKey"/>'s first, then each
/// repository's, and the epoch they count in.</summary>
public sealed record DashboardCounters(string Epoch, long[] Values)
{
    /// <summary>The version of the <paramref name="index"/>th repository asked for, as <see cref="DashboardMemo"/> keys it.</summary>
    public string RepositoryVersion(int index) => $"{Epoch}/{Values[0]}/{Values[index + 1]}";
}
