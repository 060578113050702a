using System.Collections.Concurrent;
using System.Text.Json;
using ActionsDashboard.Identity.Sessions;
using Gateway.Model;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Services;

/// <summary>
/// Asks Auth.Api (which keeps its own Redis snapshots in front of its database) and keeps the answer briefly in the
/// gateway's own Redis keys, shared by every gateway replica, so a warm request costs one Redis GET. Keys are the
/// session id's hash, never the cookie. Redis being down only costs speed: every lookup then goes to Auth.Api.
/// </summary>
public sealed partial class CachedSessionResolver(
    IConnectionMultiplexer redis,
    AuthApiClient authApi,
    IOptionsMonitor<GatewayOptions> options,
    TimeProvider time,
    ILogger<CachedSessionResolver> logger) : ISessionResolver
{
    private const string KeyPrefix = "gateway:session:";
    private const string UnknownMarker = "-";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // When a cached answer expires under load, every concurrent request for that session would ask Auth.Api at once;
    // one lookup per session at a time answers them all.
    private readonly ConcurrentDictionary<string, Lazy<Task<SessionResolution?>>> _lookups = new(StringComparer.Ordinal);

    public async ValueTask<SessionResolution?> ResolveAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (!SessionSecrets.IsWellFormed(sessionId))
        {
            return null;
        }

        var key = KeyPrefix + SessionSecrets.Hash(sessionId);
        var cached = await TryGetAsync(key);
        if (cached is { } value)
        {
            if (value == UnknownMarker)
            {
                return null;
            }

            var resolution = JsonSerializer.Deserialize<SessionResolution>(value, Json);
            if (resolution is not null && resolution.ExpiresAt > time.GetUtcNow())
            {
                return resolution;
            }
        }

        var lookup = _lookups.GetOrAdd(key, _ => new Lazy<Task<SessionResolution?>>(() => LookUpAsync(sessionId, key)));
        try
        {
            return await lookup.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            _lookups.TryRemove(KeyValuePair.Create(key, lookup));
        }
    }

    private async Task<SessionResolution?> LookUpAsync(string sessionId, string key)
    {
        // Not the first caller's token: the lookup is shared, and the HTTP client has its own timeouts.
        var resolved = await authApi.ResolveSessionAsync(sessionId, CancellationToken.None);
        var settings = options.CurrentValue;
        if (resolved is null)
        {
            await TrySetAsync(key, UnknownMarker, settings.UnknownSessionCacheDuration);
            return null;
        }

        var remaining = resolved.ExpiresAt - time.GetUtcNow();
        // Only where nothing is cached: a lookup that started before a sign-out must not put the session back over the
        // mark ForgetHashAsync left (the lookup runs only when the key is missing or its session has expired).
        await TrySetAsync(key, JsonSerializer.Serialize(resolved, Json), remaining < settings.SessionCacheDuration ? remaining : settings.SessionCacheDuration,
            When.NotExists);
        return resolved;
    }

    public Task ForgetAsync(string sessionId) =>
        SessionSecrets.IsWellFormed(sessionId) ? ForgetHashAsync(SessionSecrets.Hash(sessionId)) : Task.CompletedTask;

    /// <summary>
    /// Marks the session unknown for <see cref="GatewayOptions.SessionCacheDuration"/> rather than deleting its entry, so
    /// a lookup still in flight from before the sign-out cannot cache it again afterwards.
    /// </summary>
    public async Task ForgetHashAsync(string sessionHash)
    {
        try
        {
            await redis.GetDatabase().StringSetAsync(KeyPrefix + sessionHash, UnknownMarker, options.CurrentValue.SessionCacheDuration);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogCacheUnavailable(logger, exception);
        }
    }

    private async Task<string?> TryGetAsync(string key)
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(key);
            return value.IsNullOrEmpty ? null : (string?)value;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogCacheUnavailable(logger, exception);
            return null;
        }
    }

    private async Task TrySetAsync(string key, string value, TimeSpan timeToLive, When when = When.Always)
    {
        if (timeToLive <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await redis.GetDatabase().StringSetAsync(key, value, timeToLive, when);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogCacheUnavailable(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The gateway's session cache (Redis) is unavailable; asking Auth.Api directly.")]
    private static partial void LogCacheUnavailable(ILogger logger, Exception exception);
}
