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

    /// <summary>What an ended session's key holds for a while instead of nothing (see <see cref="RemoveAsync"/>).</summary>
    private const string EndedMarker = "-";

    /// <summary>Far longer than a lookup that read the database before the session ended can take to write back.</summary>
    private static readonly TimeSpan EndedMarkerLifetime = TimeSpan.FromMinutes(2);

    // Writes a snapshot unless the key holds the ended marker, in one step.
    private static readonly LuaScript SetUnlessEnded = LuaScript.Prepare(
        "if redis.call('GET', @key) == @ended then return 0 end redis.call('SET', @key, @value, 'PX', @milliseconds) return 1");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<SessionSnapshot?> GetAsync(string sessionHash)
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(KeyPrefix + sessionHash);
            return value.IsNullOrEmpty || value == EndedMarker ? null : JsonSerializer.Deserialize<SessionSnapshot>((string)value!, Json);
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
            await redis.GetDatabase().ScriptEvaluateAsync(SetUnlessEnded, new
            {
                key = (RedisKey)(KeyPrefix + snapshot.SessionHash),
                ended = EndedMarker,
                value = JsonSerializer.Serialize(snapshot, Json),
                milliseconds = (long)Math.Ceiling(timeToLive.TotalMilliseconds),
            });
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogCacheUnavailable(logger, exception);
        }
    }

    /// <summary>
    /// Leaves the ended marker for a while rather than deleting the key, so a lookup that read the session from the
    /// database just before it ended cannot cache it again afterwards (<see cref="SetAsync"/> never writes over the marker).
    /// </summary>
    public async Task RemoveAsync(string sessionHash)
    {
        try
        {
            await redis.GetDatabase().StringSetAsync(KeyPrefix + sessionHash, EndedMarker, EndedMarkerLifetime);
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
