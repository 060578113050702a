using System.Text.Json;
using GitHubProxy.Api.Model;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GitHubProxy.Api.Services;

/// <summary>
/// A user's last <c>/api/insights</c> answers in Redis (<c>ghp:insights:{userId}:{days}</c>) for
/// <see cref="GitHubProxyOptions.InsightsFreshness"/>: the answer aggregates every job of the selected repositories over the
/// window (seconds of database work at 200 repositories), while the figures move slowly. An entry only serves the same list
/// of repository ids it was computed for, so a change of selection, or of the access list, computes anew at once.
/// </summary>
public sealed class InsightsCache(IConnectionMultiplexer redis, IOptionsMonitor<GitHubProxyOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<InsightsResponse> GetOrComputeAsync(long userId, int days, IReadOnlyList<RepositoryView> repositories,
        Func<Task<InsightsResponse>> compute)
    {
        var freshness = options.CurrentValue.InsightsFreshness;
        if (repositories.Count == 0 || freshness <= TimeSpan.Zero)
        {
            return await compute();
        }

        var key = $"ghp:insights:{userId}:{days}";
        var ids = repositories.Select(r => r.Id).ToArray();
        var database = redis.GetDatabase();
        var cached = await database.StringGetAsync(key);
        if (cached.HasValue && JsonSerializer.Deserialize<Entry>((string)cached!, Json) is { } entry && entry.RepositoryIds.SequenceEqual(ids)
            // Names can change (a rename) under the same ids: the answer uses the names the access list has now.
            && entry.Insights.Repositories.SequenceEqual(repositories.Select(r => r.FullName)))
        {
            return entry.Insights;
        }

        var insights = await compute();
        await database.StringSetAsync(key, JsonSerializer.Serialize(new Entry(ids, insights), Json), freshness);
        return insights;
    }

    private sealed record Entry(long[] RepositoryIds, InsightsResponse Insights);
}
