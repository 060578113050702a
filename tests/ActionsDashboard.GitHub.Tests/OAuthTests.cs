using Microsoft.Extensions.Time.Testing;
using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using ActionsDashboard.GitHub.OAuth;
using ActionsDashboard.GitHub.Tests.Infrastructure;

namespace ActionsDashboard.GitHub.Tests;

public sealed class OAuthTests
{
    [Fact]
    public void Authorize_url_carries_client_id_redirect_state_s256_challenge_and_login_hint()
    {
        var client = new GitHubOAuthClient(new HttpClient(), TestClients.Options());
        var verifier = Pkce.CreateVerifier();
        var state = OAuthState.Create();

        var url = client.BuildAuthorizeUrl(new GitHubAuthorizeRequest
        {
            RedirectUri = "https://dashboard.example.com/auth/callback",
            State = state,
            CodeChallenge = Pkce.ComputeChallenge(verifier),
            Login = "octocat",
            Scope = "read:user repo",
        });

        Assert.Equal("https://github.com/login/oauth/authorize", url.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("Iv1.testclientid", query["client_id"]);
        Assert.Equal("https://dashboard.example.com/auth/callback", query["redirect_uri"]);
        Assert.Equal(state, query["state"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))), query["code_challenge"]);
        Assert.Equal("octocat", query["login"]);
        Assert.Equal("read:user repo", query["scope"]);
        Assert.DoesNotContain("test-client-secret", url.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Authorize_url_uses_the_enterprise_web_base()
    {
        var client = new GitHubOAuthClient(new HttpClient(), TestClients.Options(o => o.WebBaseUrl = "https://ghe.example.com/"));

        var url = client.BuildAuthorizeUrl(new GitHubAuthorizeRequest { RedirectUri = "https://x.example/cb", State = "s", CodeChallenge = "c" });

        Assert.StartsWith("https://ghe.example.com/login/oauth/authorize?client_id=Iv1.testclientid&", url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Null(HttpUtility.ParseQueryString(url.Query)["login"]);
    }

    [Fact]
    public void Pkce_challenge_matches_the_rfc_7636_example()
    {
        // RFC 7636 appendix B.
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.ComputeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    [Fact]
    public void Pkce_verifier_is_43_to_128_unreserved_characters_and_random()
    {
        var shortest = Pkce.CreateVerifier();
        var longest = Pkce.CreateVerifier(96);

        Assert.Equal(43, shortest.Length);
        Assert.Equal(128, longest.Length);
        Assert.True(Pkce.IsValidVerifier(shortest));
        Assert.True(Pkce.IsValidVerifier(longest));
        Assert.NotEqual(shortest, Pkce.CreateVerifier());
        Assert.False(Pkce.IsValidVerifier(new string('a', 42)));
        Assert.False(Pkce.IsValidVerifier(new string('a', 129)));
        Assert.False(Pkce.IsValidVerifier(new string('a', 42) + "+"));
        Assert.Throws<ArgumentException>(() => Pkce.ComputeChallenge("too-short"));
    }

    [Fact]
    public void State_is_random_url_safe_and_compared_in_full()
    {
        var state = OAuthState.Create();

        Assert.Equal(43, state.Length);
        Assert.NotEqual(state, OAuthState.Create());
        Assert.True(OAuthState.Matches(state, state));
        Assert.False(OAuthState.Matches(state, state[..^1]));
        Assert.False(OAuthState.Matches(state, null));
        Assert.False(OAuthState.Matches("", ""));
    }

    [Fact]
    public async Task Code_exchange_posts_the_form_and_reads_expiring_tokens()
    {
        var handler = new FakeGitHubHandler(_ => FakeResponses.Json(
            """{"access_token":"ghu_16C7e42F292c6912E7710c838347Ae178B4a","expires_in":28800,"refresh_token":"ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498","refresh_token_expires_in":15811200,"scope":"","token_type":"bearer"}"""));
        var client = new GitHubOAuthClient(new HttpClient(handler), TestClients.Options(), new FakeTimeProvider(TestClients.Now));

        var token = await client.ExchangeCodeAsync("the-code", "https://dashboard.example.com/auth/callback", "the-verifier-" + new string('v', 40));

        Assert.Equal("ghu_16C7e42F292c6912E7710c838347Ae178B4a", token.AccessToken);
        Assert.Equal(TimeSpan.FromHours(8), token.ExpiresIn);
        Assert.Equal(TestClients.Now.AddHours(8), token.ExpiresAt);
        Assert.StartsWith("ghr_", token.RefreshToken, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(15811200), token.RefreshTokenExpiresIn);
        Assert.Equal(TestClients.Now.AddSeconds(15811200), token.RefreshTokenExpiresAt);
        Assert.Equal("bearer", token.TokenType);
        Assert.DoesNotContain("ghu_", token.ToString(), StringComparison.Ordinal);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://github.com/login/oauth/access_token", request.Uri.AbsoluteUri);
        Assert.Equal("application/json", request.Header("Accept"));
        var form = HttpUtility.ParseQueryString(request.Body!);
        Assert.Equal("Iv1.testclientid", form["client_id"]);
        Assert.Equal("test-client-secret", form["client_secret"]);
        Assert.Equal("the-code", form["code"]);
        Assert.Equal("https://dashboard.example.com/auth/callback", form["redirect_uri"]);
        Assert.Equal("the-verifier-" + new string('v', 40), form["code_verifier"]);
    }

    [Fact]
    public async Task Code_exchange_reads_non_expiring_oauth_app_tokens()
    {
        var handler = new FakeGitHubHandler(_ => FakeResponses.Json(
            """{"access_token":"gho_16C7e42F292c6912E7710c838347Ae178B4a","scope":"repo,gist","token_type":"bearer"}"""));
        var client = new GitHubOAuthClient(new HttpClient(handler), TestClients.Options());

        var token = await client.ExchangeCodeAsync("code", "https://x.example/cb", new string('v', 43));

        Assert.Equal("repo,gist", token.Scope);
        Assert.Null(token.ExpiresAt);
        Assert.Null(token.RefreshToken);
    }

    [Fact]
    public async Task Refresh_posts_the_refresh_grant_and_reads_the_new_pair()
    {
        var handler = new FakeGitHubHandler(_ => FakeResponses.Json(
            """{"access_token":"ghu_new","expires_in":28800,"refresh_token":"ghr_new","refresh_token_expires_in":15897600,"scope":"","token_type":"bearer"}"""));
        var client = new GitHubOAuthClient(new HttpClient(handler), TestClients.Options(), new FakeTimeProvider(TestClients.Now));

        var token = await client.RefreshTokenAsync("ghr_old");

        Assert.Equal("ghu_new", token.AccessToken);
        Assert.Equal("ghr_new", token.RefreshToken);
        var form = HttpUtility.ParseQueryString(Assert.Single(handler.Requests).Body!);
        Assert.Equal("refresh_token", form["grant_type"]);
        Assert.Equal("ghr_old", form["refresh_token"]);
        Assert.Equal("Iv1.testclientid", form["client_id"]);
        Assert.Equal("test-client-secret", form["client_secret"]);
    }

    [Theory]
    [InlineData("bad_verification_code", GitHubOAuthError.BadVerificationCode, "Start the sign-in again")]
    [InlineData("incorrect_client_credentials", GitHubOAuthError.IncorrectClientCredentials, "GitHub:ClientSecret")]
    [InlineData("redirect_uri_mismatch", GitHubOAuthError.RedirectUriMismatch, "callback URL")]
    [InlineData("bad_refresh_token", GitHubOAuthError.BadRefreshToken, "sign in again")]
    [InlineData("unverified_user_email", GitHubOAuthError.UnverifiedUserEmail, "verify")]
    [InlineData("expired_token", GitHubOAuthError.ExpiredToken, "expired")]
    [InlineData("access_denied", GitHubOAuthError.AccessDenied, "declined")]
    [InlineData("incorrect_device_code", GitHubOAuthError.IncorrectDeviceCode, "device code")]
    [InlineData("authorization_pending", GitHubOAuthError.AuthorizationPending, "polling")]
    [InlineData("slow_down", GitHubOAuthError.SlowDown, "5 seconds")]
    [InlineData("unsupported_grant_type", GitHubOAuthError.UnsupportedGrantType, "grant type")]
    [InlineData("device_flow_disabled", GitHubOAuthError.DeviceFlowDisabled, "device flow")]
    [InlineData("something_new", GitHubOAuthError.Unknown, "something_new")]
    public async Task Oauth_error_returned_with_http_200_maps_to_a_typed_error(string code, GitHubOAuthError expected, string hint)
    {
        var handler = new FakeGitHubHandler(_ => FakeResponses.Json(
            $$"""{"error":"{{code}}","error_description":"Described by GitHub.","error_uri":"https://docs.github.com/apps/troubleshooting#{{code}}"}"""));
        var client = new GitHubOAuthClient(new HttpClient(handler), TestClients.Options());

        var exception = await Assert.ThrowsAsync<GitHubOAuthException>(() => client.ExchangeCodeAsync("code", "https://x.example/cb", new string('v', 43)));

        Assert.Equal(expected, exception.Error);
        Assert.Equal(code, exception.ErrorCode);
        Assert.Equal("Described by GitHub.", exception.ErrorDescription);
        Assert.Equal($"https://docs.github.com/apps/troubleshooting#{code}", exception.ErrorUri);
        Assert.Equal(200, exception.HttpStatus);
        Assert.Contains(hint, exception.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("test-client-secret", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_with_a_spent_refresh_token_requires_sign_in()
    {
        var handler = new FakeGitHubHandler(_ => FakeResponses.Json(
            """{"error":"bad_refresh_token","error_description":"The refresh token passed is incorrect or expired.","error_uri":"https://docs.github.com"}"""));
        var client = new GitHubOAuthClient(new HttpClient(handler), TestClients.Options());

        var exception = await Assert.ThrowsAsync<GitHubOAuthException>(() => client.RefreshTokenAsync("ghr_spent"));

        Assert.Equal(GitHubOAuthError.BadRefreshToken, exception.Error);
        Assert.True(exception.RequiresSignIn);
    }

    [Fact]
    public async Task Token_endpoint_http_failure_without_an_oauth_body_is_an_http_error()
    {
        var handler = new FakeGitHubHandler(_ => FakeResponses.Json("<html>Bad gateway</html>", HttpStatusCode.BadGateway));
        var client = new GitHubOAuthClient(new HttpClient(handler), TestClients.Options());

        var exception = await Assert.ThrowsAsync<GitHubOAuthException>(() => client.RefreshTokenAsync("ghr_x"));

        Assert.Equal(GitHubOAuthError.HttpError, exception.Error);
        Assert.Equal(502, exception.HttpStatus);
    }

    [Fact]
    public void Callback_error_from_the_query_string_maps_like_a_token_error()
    {
        var exception = GitHubOAuthException.FromErrorCode("access_denied", "The user has denied your application access.");

        Assert.Equal(GitHubOAuthError.AccessDenied, exception.Error);
        Assert.True(exception.RequiresSignIn);
    }

    [Fact]
    public async Task Missing_client_secret_is_a_configuration_error_before_any_request()
    {
        var handler = new FakeGitHubHandler(_ => throw new InvalidOperationException("no request expected"));
        var client = new GitHubOAuthClient(new HttpClient(handler), TestClients.Options(o => o.ClientSecret = null));

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => client.ExchangeCodeAsync("code", "https://x.example/cb", new string('v', 43)));

        Assert.Contains("GitHub:ClientSecret", exception.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }
}
