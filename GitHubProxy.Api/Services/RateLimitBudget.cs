using System.Text.Json;
using ActionsDashboard.GitHub.Rest;
using StackExchange.Redis;

namespace GitHubProxy.Api.Services;

/// <summary>
/// The rate-limit budget per user token, from the <c>x-ratelimit-*</c> headers of every answer (a 304 carries them too),
/// kept in Redis so every replica sees it. A rate-limit refusal blocks the token until <c>retry-after</c> or the reset.
/// </summary>
public sealed class RateLimitBudget(IConnectionMultiplexer redis, TimeProvider time)
{
    private static string Key(long userId) => $"ghp:budget:{userId}";

    public async Task<BudgetState?> GetAsync(long userId)
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(Key(userId));
            return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<BudgetState>((string)value!);
        }
        catch (RedisException)
        {
            return null;
        }
    }

    public async Task RecordAsync(long userId, RateLimit? rateLimit)
    {
        if (rateLimit is null)
        {
            return;
        }

        var previous = await GetAsync(userId);
        var blocked = previous?.BlockedUntil is { } until && until > time.GetUtcNow() ? until : (DateTimeOffset?)null;
        await StoreAsync(userId, new BudgetState(rateLimit.Limit, rateLimit.Remaining, rateLimit.Used, rateLimit.Reset, rateLimit.Resource, blocked));
    }

    /// <summary>GitHub refused with a rate limit: no call for this token until <paramref name="retryAfter"/> (or the reset).</summary>
    public async Task BlockAsync(long userId, TimeSpan? retryAfter, RateLimit? rateLimit)
    {
        var now = time.GetUtcNow();
        var previous = await GetAsync(userId);
        var until = now + (retryAfter ?? (rateLimit is { } limit && limit.Reset > now ? limit.Reset - now : TimeSpan.FromMinutes(1)));
        var state = rateLimit is { } r
            ? new BudgetState(r.Limit, r.Remaining, r.Used, r.Reset, r.Resource, until)
            : (previous ?? new BudgetState(0, 0, 0, until, null, null)) with { BlockedUntil = until };
        await StoreAsync(userId, state);
    }

    /// <summary>Whether a call may be made now, keeping <paramref name="reserve"/> requests of the hour back.</summary>
    public bool CanSpend(BudgetState? state, int reserve)
    {
        if (state is null)
        {
            return true;
        }

        var now = time.GetUtcNow();
        if (state.BlockedUntil is { } until && until > now)
        {
            return false;
        }

        return state.ResetAt <= now || state.Remaining > reserve;
    }

    private async Task StoreAsync(long userId, BudgetState state)
    {
        try
        {
            var ttl = state.ResetAt - time.GetUtcNow();
            var expiry = ttl > TimeSpan.Zero ? ttl + TimeSpan.FromHours(1) : TimeSpan.FromHours(1);
            await redis.GetDatabase().StringSetAsync(Key(userId), JsonSerializer.Serialize(state), expiry);
        }
        catch (RedisException)
        {
            // Without Redis the budget is unknown: calls go ahead and GitHub's own answers stop them.
        }
    }
}
