using GitHubProxy.Api.Services;

namespace GitHubProxy.Api.FunctionalTests;

[Collection(GitHubProxyCollection.Name)]
public sealed class UserTokensTests(GitHubProxyFixture fixture)
{
    [Fact]
    public async Task Tokens_of_sessions_that_never_ask_again_leave_memory_after_they_expire()
    {
        // Its own instance on the service's HTTP client, options and clock, so other tests' sessions do not count.
        var tokens = ActivatorUtilities.CreateInstance<GitHubUserTokens>(fixture.Proxy.Services);
        await tokens.GetAsync(Session(GitHubProxyFixture.Octocat, "ended-1"), CancellationToken.None);
        await tokens.GetAsync(Session(GitHubProxyFixture.Monalisa, "ended-2"), CancellationToken.None);
        Assert.Equal(2, tokens.Count);

        // Both sessions end and never come back; another session's request comes after their minute is over.
        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        await tokens.GetAsync(Session(GitHubProxyFixture.Hubot, "active"), CancellationToken.None);

        Assert.Equal(1, tokens.Count);
    }

    private CurrentUser Session(long userId, string sessionHash) =>
        new(userId, fixture.Logins[userId], sessionHash, fixture.IdentityToken(userId));
}
