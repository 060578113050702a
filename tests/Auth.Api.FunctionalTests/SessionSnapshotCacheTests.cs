using Auth.Api.Infrastructure;
using Auth.Api.Model;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Auth.Api.FunctionalTests;

/// <summary>Auth.Api's session snapshots in Redis against a session that ends while a lookup is in flight.</summary>
[Collection(AuthApiCollection.Name)]
public sealed class SessionSnapshotCacheTests(AuthApiFixture fixture)
{
    [Fact]
    public async Task A_snapshot_written_after_its_session_ended_is_not_served()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var cache = new RedisSessionSnapshotCache(redis, NullLogger<RedisSessionSnapshotCache>.Instance);
        var now = DateTimeOffset.UtcNow;
        var snapshot = new SessionSnapshot
        {
            SessionHash = Guid.NewGuid().ToString("N"), UserId = 583231, Login = "octocat",
            CreatedAt = now, LastSeenAt = now, IdleExpiresAt = now.AddHours(1), AbsoluteExpiresAt = now.AddHours(8),
        };
        await cache.SetAsync(snapshot, TimeSpan.FromMinutes(5));
        Assert.Equal(snapshot, await cache.GetAsync(snapshot.SessionHash));

        // A lookup read the row just before the sign-out deleted it, and writes its snapshot just after.
        await cache.RemoveAsync(snapshot.SessionHash);
        await cache.SetAsync(snapshot with { LastSeenAt = now.AddSeconds(1) }, TimeSpan.FromMinutes(5));

        Assert.Null(await cache.GetAsync(snapshot.SessionHash));
    }
}
