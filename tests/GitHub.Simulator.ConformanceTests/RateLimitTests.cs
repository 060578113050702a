namespace GitHub.Simulator.ConformanceTests;

/// <summary>
/// Rate limits as Octokit reads them: <c>ApiInfo.RateLimit</c> from the <c>x-ratelimit-*</c> headers of every answer,
/// and the 403 bodies it turns into <see cref="RateLimitExceededException"/> and <see cref="SecondaryRateLimitExceededException"/>.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class RateLimitTests(SimulatorServer simulator)
{
    [Fact]
    public async Task ApiInfo_rate_limit_counts_down_per_token_with_a_reset_in_the_coming_hour()
    {
        var octocat = await simulator.UserClientAsync("octocat");

        await octocat.User.Current();
        var first = octocat.GetLastApiInfo().RateLimit;
        await octocat.Repository.Get("octo-org", "octo-repo");
        var second = octocat.GetLastApiInfo().RateLimit;

        Assert.Equal(5000, first.Limit);
        Assert.Equal(4999, first.Remaining);
        Assert.Equal(4998, second.Remaining);
        Assert.InRange(first.Reset, DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(1).AddSeconds(1));
        Assert.Equal(first.Reset, second.Reset);
    }

    [Fact]
    public async Task Installation_tokens_have_their_own_budget_in_ApiInfo()
    {
        var app = simulator.Client(new Credentials(simulator.AppJwt(), AuthenticationType.Bearer));
        var token = await app.GitHubApps.CreateInstallationToken(3456996);
        var installation = simulator.Client(new Credentials(token.Token));

        await installation.GitHubApps.Installation.GetAllRepositoriesForCurrent();

        var limit = installation.GetLastApiInfo().RateLimit;
        Assert.Equal(5000, limit.Limit);
        Assert.Equal(4999, limit.Remaining);
    }

    [Fact]
    public async Task Exhausted_budget_is_RateLimitExceededException_with_limit_remaining_and_reset()
    {
        var token = (await simulator.SignInAsync("octocat")).AccessToken;
        var octocat = simulator.Client(new Credentials(token));
        await simulator.SetRateLimitAsync(token, remaining: 0);

        var exceeded = await Assert.ThrowsAsync<RateLimitExceededException>(() => octocat.Repository.Get("octo-org", "octo-repo"));

        Assert.Equal(5000, exceeded.Limit);
        Assert.Equal(0, exceeded.Remaining);
        Assert.True(exceeded.Reset > DateTimeOffset.UtcNow);
        Assert.StartsWith("API rate limit exceeded for user ID 1", exceeded.ApiError.Message, StringComparison.Ordinal);
        Assert.InRange(exceeded.GetRetryAfterTimeSpan(), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Equal(0, octocat.GetLastApiInfo().RateLimit.Remaining);
    }

    [Fact]
    public async Task Secondary_limit_is_SecondaryRateLimitExceededException_with_retry_after()
    {
        var token = (await simulator.SignInAsync("octocat")).AccessToken;
        var octocat = simulator.Client(new Credentials(token));
        await simulator.SetRateLimitAsync(token, secondary: true);

        var exceeded = await Assert.ThrowsAsync<SecondaryRateLimitExceededException>(() => octocat.Repository.Get("octo-org", "octo-repo"));

        Assert.Contains("secondary rate limit", exceeded.Message, StringComparison.Ordinal);
        Assert.Equal("60", exceeded.HttpResponse.Headers.First(h => h.Key.Equals("retry-after", StringComparison.OrdinalIgnoreCase)).Value);
        await simulator.SetRateLimitAsync(token, secondary: false);
        Assert.Equal("octo-repo", (await octocat.Repository.Get("octo-org", "octo-repo")).Name);
    }
}
