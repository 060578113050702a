namespace GitHub.Simulator.ConformanceTests;

/// <summary>
/// The OAuth web flow as Octokit's <see cref="IOauthClient"/> runs it: the login URL it builds (on the web host, not
/// under <c>/api/v3</c>), the code exchange and the refresh, with GitHub's errors that come back as HTTP 200.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class OAuthTests(SimulatorServer simulator)
{
    [Fact]
    public async Task Code_exchange_gives_tokens_Octokit_reads_and_the_token_authenticates_REST()
    {
        var token = await simulator.SignInAsync("octocat");

        Assert.StartsWith("ghu_", token.AccessToken, StringComparison.Ordinal);
        Assert.StartsWith("ghr_", token.RefreshToken, StringComparison.Ordinal);
        Assert.Equal("bearer", token.TokenType);
        Assert.Equal(8 * 3600, token.ExpiresIn);
        Assert.Equal(15_897_600, token.RefreshTokenExpiresIn);
        Assert.NotNull(token.Scope);

        var user = await simulator.Client(new Credentials(token.AccessToken)).User.Current();
        Assert.Equal(("octocat", 1L), (user.Login, user.Id));
        Assert.False(string.IsNullOrEmpty(user.AvatarUrl));
    }

    [Fact]
    public void Login_url_is_on_the_web_host_without_the_enterprise_api_prefix()
    {
        var url = simulator.Client().Oauth.GetGitHubLoginUrl(new OauthLoginRequest(SimulatorServer.ClientId) { RedirectUri = SimulatorServer.RedirectUri });

        Assert.Equal(new Uri(simulator.Url, "/login/oauth/authorize").GetLeftPart(UriPartial.Path), url.GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public async Task Spent_or_unknown_code_is_GitHubs_200_with_error_bad_verification_code()
    {
        var token = await simulator.Client().Oauth.CreateAccessToken(new OauthTokenRequest(SimulatorServer.ClientId, SimulatorServer.ClientSecret, "not-a-code"));

        Assert.Equal("bad_verification_code", token.Error);
        Assert.False(string.IsNullOrEmpty(token.ErrorDescription));
        Assert.StartsWith("https://docs.github.com/", token.ErrorUri, StringComparison.Ordinal);
        Assert.Null(token.AccessToken);
    }

    [Fact]
    public async Task Wrong_client_secret_is_incorrect_client_credentials()
    {
        var token = await simulator.Client().Oauth.CreateAccessToken(new OauthTokenRequest(SimulatorServer.ClientId, "wrong", "whatever"));

        Assert.Equal("incorrect_client_credentials", token.Error);
    }

    [Fact]
    public async Task Refresh_replaces_both_tokens_and_the_old_access_token_stops_working()
    {
        var first = await simulator.SignInAsync("monalisa");

        var renewed = await simulator.Client().Oauth.CreateAccessTokenFromRenewalToken(
            new OauthTokenRenewalRequest(SimulatorServer.ClientId, SimulatorServer.ClientSecret, first.RefreshToken));

        Assert.Null(renewed.Error);
        Assert.NotEqual(first.AccessToken, renewed.AccessToken);
        Assert.NotEqual(first.RefreshToken, renewed.RefreshToken);
        Assert.Equal("monalisa", (await simulator.Client(new Credentials(renewed.AccessToken)).User.Current()).Login);
        var refused = await Assert.ThrowsAsync<AuthorizationException>(() => simulator.Client(new Credentials(first.AccessToken)).User.Current());
        Assert.Equal("Bad credentials", refused.Message);

        var reused = await simulator.Client().Oauth.CreateAccessTokenFromRenewalToken(
            new OauthTokenRenewalRequest(SimulatorServer.ClientId, SimulatorServer.ClientSecret, first.RefreshToken));
        Assert.Equal("bad_refresh_token", reused.Error);
    }
}
