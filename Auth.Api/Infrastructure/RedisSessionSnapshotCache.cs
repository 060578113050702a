using System.Text.Json;
using Auth.Api.Model;
using StackExchange.Redis;

namespace Auth.Api.Infrastructure;

/// <summary>
/// Redis-backed <see cref="ISessionSnapshotCache"/>. The cache is an optimisation: when Redis is unreachable every
/// call degrades to a miss (or a no-op) and the database answers instead.
/// </summary>
internal sealed partial class RedisSessionSnapshotCache(IConnectionMultiplexer redis, ILogger<RedisSessionSnapshotCache> logger) : ISessionSnapshotCache
{
    private const string KeyPrefix = "auth:session:";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<SessionSnapshot?> GetAsync(string sessionHash)
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(KeyPrefix + sessionHash);
            return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<SessionSnapshot>((string)value!, Json);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or JsonException)
        {
            LogCacheUnavailable(logger, exception);
            return null;
        }
    }

    public async Task SetAsync(SessionSnapshot snapshot, TimeSpan timeToLive)
    {
        if (timeToLive <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await redis.GetDatabase().StringSetAsync(KeyPrefix + snapshot.SessionHash, JsonSerializer.Serialize(snapshot, Json), timeToLive);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogCacheUnavailable(logger, exception);
        }
    }

    public async Task RemoveAsync(string sessionHash)
    {
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(KeyPrefix + sessionHash);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // A snapshot left behind still names an ended session; Redis expires it, and the database no longer has it.
            LogCacheUnavailable(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The session snapshot cache (Redis) is unavailable; using the database.")]
    private static partial void LogCacheUnavailable(ILogger logger, Exception exception);
}
