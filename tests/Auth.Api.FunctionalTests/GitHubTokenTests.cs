using System.Net;
using System.Text.Json.Nodes;
using ActionsDashboard.Identity.Sessions;

namespace Auth.Api.FunctionalTests;

/// <summary>The token hand-out to GitHubProxy.Api, and refreshing GitHub App user tokens (8 h) before they expire.</summary>
[Collection(AuthApiCollection.Name)]
public sealed class GitHubTokenTests(AuthApiFixture fixture)
{
    private static readonly TimeSpan GitHubTokenLifetime = TimeSpan.FromHours(8);

    [Fact]
    public async Task The_token_handed_out_is_the_users_working_GitHub_token()
    {
        using var browser = new Browser();
        var sessionId = await fixture.SignInAsync(browser, "octocat");

        var token = await fixture.GetGitHubTokenAsync(sessionId, 1, "octocat");

        Assert.StartsWith("ghu_", token);
        Assert.True(await fixture.GitHubAcceptsAsync(token));
    }

    [Fact]
    public async Task Token_is_refreshed_before_it_expires()
    {
        using var browser = new Browser();
        var sessionId = await fixture.SignInAsync(browser, "octocat");
        var original = await fixture.GetGitHubTokenAsync(sessionId, 1, "octocat");
        fixture.Clock.Advance(GitHubTokenLifetime - TimeSpan.FromMinutes(30));
        var stillValid = await fixture.GetGitHubTokenAsync(sessionId, 1, "octocat");
        fixture.Clock.Advance(TimeSpan.FromMinutes(27));

        var refreshed = await fixture.GetGitHubTokenAsync(sessionId, 1, "octocat");

        Assert.Equal(original, stillValid);
        Assert.NotEqual(original, refreshed);
        Assert.True(await fixture.GitHubAcceptsAsync(refreshed));
        // GitHub replaces both tokens on refresh: the old access token no longer works.
        Assert.False(await fixture.GitHubAcceptsAsync(original));
    }

    [Fact]
    public async Task Concurrent_requests_for_a_token_due_for_refresh_refresh_it_once()
    {
        using var browser = new Browser();
        var sessionId = await fixture.SignInAsync(browser, "monalisa");
        fixture.Clock.Advance(GitHubTokenLifetime - TimeSpan.FromMinutes(1));

        var tokens = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => fixture.GetGitHubTokenAsync(sessionId, 2, "monalisa")));

        // Two refreshes would have rotated the pair twice, leaving callers with different tokens, one of them dead.
        Assert.Single(tokens.Distinct());
        Assert.True(await fixture.GitHubAcceptsAsync(tokens[0]));
    }

    [Fact]
    public async Task A_refresh_token_that_GitHub_refuses_ends_the_session()
    {
        using var browser = new Browser();
        var sessionId = await fixture.SignInAsync(browser, "hubot");
        await fixture.SpendStoredRefreshTokenAsync(sessionId);
        fixture.Clock.Advance(GitHubTokenLifetime - TimeSpan.FromMinutes(1));

        using var response = await fixture.RequestGitHubTokenAsync(sessionId, 3, "hubot");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Session ended", (string?)(await AuthApiFixture.ReadJsonAsync(response))["title"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(fixture.Auth("/auth/session"))).StatusCode);
        Assert.DoesNotContain(await fixture.ReadTableAsync("sessions"), row => row.Contains(SessionSecrets.Hash(sessionId), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sessions_sealed_with_a_rotated_out_key_still_work_and_are_resealed_with_the_new_key_on_refresh()
    {
        using var browser = new Browser();
        var sessionId = await fixture.SignInAsync(browser, "octocat");
        var before = await fixture.GetGitHubTokenAsync(sessionId, 1, "octocat");
        await using var rotated = fixture.StartAuthApi(new Dictionary<string, string?>
        {
            ["Auth:TokenKeys:2026-07"] = TestSecrets.NewKey(),
            ["Auth:ActiveTokenKey"] = "2026-07",
        });
        var rotatedUrl = rotated.ClientOptions.BaseAddress;

        var afterRotation = await fixture.GetGitHubTokenAsync(sessionId, 1, "octocat", rotatedUrl);
        fixture.Clock.Advance(GitHubTokenLifetime - TimeSpan.FromMinutes(1));
        var afterRefresh = await fixture.GetGitHubTokenAsync(sessionId, 1, "octocat", rotatedUrl);

        Assert.Equal(before, afterRotation);
        Assert.True(await fixture.GitHubAcceptsAsync(afterRefresh));
        var row = JsonNode.Parse((await fixture.ReadTableAsync("sessions")).Single(r => r.Contains(SessionSecrets.Hash(sessionId), StringComparison.Ordinal)))!;
        Assert.Equal("2026-07", (string?)row["token_key_id"]);
    }

    [Fact]
    public async Task An_identity_token_minted_for_another_service_gets_no_GitHub_token()
    {
        using var browser = new Browser();
        var sessionId = await fixture.SignInAsync(browser, "octocat");

        using var response = await fixture.RequestGitHubTokenAsync(sessionId, 1, "octocat", audience: "realtime-hub");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Identity token required", (string?)(await AuthApiFixture.ReadJsonAsync(response))["title"]);
    }
}
