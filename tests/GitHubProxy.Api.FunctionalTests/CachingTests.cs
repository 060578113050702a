namespace GitHubProxy.Api.FunctionalTests;

[Collection(GitHubProxyCollection.Name)]
public sealed class CachingTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();

    public async Task DisposeAsync()
    {
        await fixture.SetRemainingAsync(GitHubProxyFixture.Octocat, 5000);
        await fixture.ResetAsync();
    }

    [Fact]
    public async Task Reads_within_freshness_cost_no_call_and_later_revalidations_are_304s()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var first = await client.GetFromJsonAsync<JsonObject>("/api/repos/octocat/hello-world/workflows");
        await fixture.ClearRequestLogAsync();

        var second = await client.GetFromJsonAsync<JsonObject>("/api/repos/octocat/hello-world/workflows");
        Assert.Equal(0, await fixture.GitHubCallsAsync());
        Assert.Equal((string?)first!["fetchedAt"], (string?)second!["fetchedAt"]);

        // Past the freshness of both the access list and the workflows (5 minutes) and the stale-while-revalidate window.
        fixture.Clock.Advance(TimeSpan.FromMinutes(6));
        var third = await client.GetFromJsonAsync<JsonObject>("/api/repos/octocat/hello-world/workflows");
        Assert.False((bool)third!["stale"]!);
        Assert.NotEqual((string?)first["fetchedAt"], (string?)third["fetchedAt"]);
        var log = await fixture.RequestLogAsync();
        var statuses = log["by_status"]!.AsObject();
        Assert.True((int)log["total"]! >= 2);
        Assert.Equal((int)log["total"]!, (int)statuses["304"]!);
    }

    [Fact]
    public async Task Past_freshness_the_cached_answer_comes_at_once_and_is_revalidated_behind()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var first = await client.GetFromJsonAsync<JsonObject>("/api/repos/octocat/hello-world/runs?perPage=3");
        await fixture.ClearRequestLogAsync();

        fixture.Clock.Advance(TimeSpan.FromSeconds(20));
        var second = await client.GetFromJsonAsync<JsonObject>("/api/repos/octocat/hello-world/runs?perPage=3");

        Assert.Equal((string?)first!["fetchedAt"], (string?)second!["fetchedAt"]);
        Assert.False((bool)second["stale"]!);
        await Eventually(async () =>
        {
            var third = await client.GetFromJsonAsync<JsonObject>("/api/repos/octocat/hello-world/runs?perPage=3");
            return (string?)third!["fetchedAt"] != (string?)first["fetchedAt"];
        }, "the background revalidation");
        var log = await fixture.RequestLogAsync();
        Assert.Equal(1, (int)log["total"]!);
        Assert.Equal(1, (int)log["by_status"]!["304"]!);
    }

    [Fact]
    public async Task A_hundred_concurrent_identical_requests_make_one_GitHub_call()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        (await client.GetAsync("/api/repos")).EnsureSuccessStatusCode();
        await fixture.ClearRequestLogAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.GetAsync("/api/repos/octo-org/octo-repo/runs?perPage=7")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, await fixture.GitHubCallsAsync());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task One_users_cached_answer_never_serves_another()
    {
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);
        using var monalisa = fixture.ClientFor(GitHubProxyFixture.Monalisa);
        (await octocat.GetAsync("/api/repos/octo-org/octo-repo/workflows")).EnsureSuccessStatusCode();
        (await monalisa.GetAsync("/api/repos")).EnsureSuccessStatusCode();
        await fixture.ClearRequestLogAsync();

        (await monalisa.GetAsync("/api/repos/octo-org/octo-repo/workflows")).EnsureSuccessStatusCode();

        Assert.Equal(1, await fixture.GitHubCallsAsync());
    }

    [Fact]
    public async Task An_exhausted_budget_serves_the_last_good_answer_marked_stale_and_makes_no_call()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var good = await client.GetFromJsonAsync<JsonObject>("/api/repos/octo-org/octo-repo/runs?perPage=3");
        await fixture.SetRemainingAsync(GitHubProxyFixture.Octocat, 0);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));

        // GitHub refuses (403, remaining 0): the last good answer, marked stale.
        var refused = await client.GetFromJsonAsync<JsonObject>("/api/repos/octo-org/octo-repo/runs?perPage=3");
        Assert.True((bool)refused!["stale"]!);
        Assert.Equal((string?)good!["fetchedAt"], (string?)refused["fetchedAt"]);
        Assert.Equal(good["runs"]!.ToJsonString(), refused["runs"]!.ToJsonString());
        await fixture.ClearRequestLogAsync();

        // Now the budget is known to be used up: no call at all until it resets.
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var stale = await client.GetFromJsonAsync<JsonObject>("/api/repos/octo-org/octo-repo/runs?perPage=3");
        Assert.True((bool)stale!["stale"]!);
        Assert.Equal(0, await fixture.GitHubCallsAsync());

        // Nothing cached and no budget: a 503 problem that says when to come back, still without a call.
        using var uncached = await client.GetAsync("/api/repos/octo-org/octo-repo/runs?perPage=4");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, uncached.StatusCode);
        Assert.NotNull(uncached.Headers.RetryAfter);
        Assert.Equal(0, await fixture.GitHubCallsAsync());
    }

    private static Task Eventually(Func<Task<bool>> condition, string what) =>
        ActionsDashboard.TestInfrastructure.Eventually.UntilAsync(condition, $"for {what}", TimeSpan.FromSeconds(10));
}

[Collection(GitHubProxyCollection.Name)]
public sealed class SecondaryLimitTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();

    public async Task DisposeAsync()
    {
        await SetSecondaryAsync(false);
        await fixture.ResetAsync();
    }

    [Fact]
    public async Task A_secondary_limit_is_honoured_until_retry_after_and_stale_data_served_meanwhile()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Monalisa);
        var good = await client.GetFromJsonAsync<JsonObject>("/api/repos/octo-org/octo-repo/workflows");
        await SetSecondaryAsync(true);
        fixture.Clock.Advance(TimeSpan.FromMinutes(6));

        // The access list and the workflows both meet the secondary limit: stale answers, and GitHub said "retry after 60 s".
        var limited = await client.GetFromJsonAsync<JsonObject>("/api/repos/octo-org/octo-repo/workflows");
        Assert.True((bool)limited!["stale"]!);
        Assert.Equal((string?)good!["fetchedAt"], (string?)limited["fetchedAt"]);
        await fixture.ClearRequestLogAsync();

        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        var waiting = await client.GetFromJsonAsync<JsonObject>("/api/repos/octo-org/octo-repo/workflows");
        Assert.True((bool)waiting!["stale"]!);
        Assert.Equal(0, await fixture.GitHubCallsAsync());

        await SetSecondaryAsync(false);
        fixture.Clock.Advance(TimeSpan.FromSeconds(31));
        var again = await client.GetFromJsonAsync<JsonObject>("/api/repos/octo-org/octo-repo/workflows");
        Assert.False((bool)again!["stale"]!);
        Assert.True(await fixture.GitHubCallsAsync() >= 1);
    }

    private async Task SetSecondaryAsync(bool on) =>
        (await fixture.Http.PostAsJsonAsync(new Uri(fixture.SimulatorUrl, "/_simulator/rate-limit"),
            new { token = fixture.GitHubTokens[GitHubProxyFixture.Monalisa], secondary = on })).EnsureSuccessStatusCode();
}
