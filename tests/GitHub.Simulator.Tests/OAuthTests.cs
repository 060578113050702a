using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ActionsDashboard.GitHub.Apps;
using ActionsDashboard.GitHub.OAuth;
using ActionsDashboard.GitHub.Rest;
using GitHub.Simulator.Tests.Infrastructure;

namespace GitHub.Simulator.Tests;

public sealed class OAuthSimulatorFactory() : SimulatorFactory(new Dictionary<string, string?>
{
    // A lifetime of its own, to see that the setting is honoured.
    ["Simulator:OAuth:AccessTokenLifetime"] = "00:30:00",
});

/// <summary>GitHub's OAuth web flow with PKCE, its error bodies (HTTP 200), refresh rotation, expiry, and app JWTs.</summary>
public sealed class OAuthTests(OAuthSimulatorFactory simulator) : IClassFixture<OAuthSimulatorFactory>
{
    [Fact]
    public async Task Library_signs_in_with_pkce_and_gets_an_expiring_user_token_with_a_refresh_token()
    {
        var token = await simulator.SignInAsync("monalisa");

        Assert.StartsWith("ghu_", token.AccessToken, StringComparison.Ordinal);
        Assert.StartsWith("ghr_", token.RefreshToken, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(30), token.ExpiresIn);
        Assert.Equal(TimeSpan.FromSeconds(15_897_600), token.RefreshTokenExpiresIn);
        Assert.Equal("bearer", token.TokenType);
        var user = await simulator.RestClient().GetAuthenticatedUserAsync(GitHubRequestOptions.ForToken(token.AccessToken));
        Assert.Equal("monalisa", user.GetValueOrThrow().Login);
    }

    [Fact]
    public async Task Authorize_without_login_signs_in_the_default_demo_user_and_redirects_with_code_and_state()
    {
        var url = $"/login/oauth/authorize?client_id={SimulatorFactory.ClientId}&redirect_uri={Uri.EscapeDataString(SimulatorFactory.RedirectUri)}&state=xyz";

        using var response = await simulator.CreateHttpClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(SimulatorFactory.RedirectUri + "?code=", location.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("&state=xyz", location.ToString(), StringComparison.Ordinal);
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query)["code"].ToString();
        var body = await ExchangeRawAsync(new() { ["code"] = code, ["redirect_uri"] = SimulatorFactory.RedirectUri });
        var user = await simulator.GetJsonAsync("/user", body["access_token"]!.GetValue<string>());
        Assert.Equal("octocat", user["login"]!.GetValue<string>());
    }

    [Fact]
    public async Task Authorize_with_an_unknown_client_id_shows_an_error_page_with_400()
    {
        using var response = await simulator.CreateHttpClient().GetAsync(
            $"/login/oauth/authorize?client_id=Iv1.nobody&redirect_uri={Uri.EscapeDataString(SimulatorFactory.RedirectUri)}&state=s");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Unknown client_id", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_exchange_with_a_wrong_verifier_answers_bad_verification_code_with_http_200()
    {
        var code = await simulator.AuthorizeAsync("octocat", Pkce.ComputeChallenge(Pkce.CreateVerifier()));

        var body = await ExchangeRawAsync(new()
        {
            ["code"] = code,
            ["redirect_uri"] = SimulatorFactory.RedirectUri,
            ["code_verifier"] = Pkce.CreateVerifier(),
        });

        Assert.Equal("bad_verification_code", body["error"]!.GetValue<string>());
        Assert.Equal("The code passed is incorrect or expired.", body["error_description"]!.GetValue<string>());
        Assert.StartsWith("https://docs.github.com/", body["error_uri"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(body["access_token"]);
    }

    [Fact]
    public async Task Reused_code_answers_bad_verification_code()
    {
        var verifier = Pkce.CreateVerifier();
        var code = await simulator.AuthorizeAsync("octocat", Pkce.ComputeChallenge(verifier));
        var fields = new Dictionary<string, string> { ["code"] = code, ["redirect_uri"] = SimulatorFactory.RedirectUri, ["code_verifier"] = verifier };
        var first = await ExchangeRawAsync(fields);
        Assert.NotNull(first["access_token"]);

        var second = await ExchangeRawAsync(fields);

        Assert.Equal("bad_verification_code", second["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wrong_client_secret_answers_incorrect_client_credentials_which_the_library_maps()
    {
        var verifier = Pkce.CreateVerifier();
        var code = await simulator.AuthorizeAsync("octocat", Pkce.ComputeChallenge(verifier));
        var body = await ExchangeRawAsync(new() { ["code"] = code, ["code_verifier"] = verifier, ["client_secret"] = "wrong" });
        Assert.Equal("incorrect_client_credentials", body["error"]!.GetValue<string>());
        Assert.Equal("The client_id and/or client_secret passed are incorrect.", body["error_description"]!.GetValue<string>());

        var options = simulator.LibraryOptions;
        options.ClientSecret = "wrong";
        var client = new GitHubOAuthClient(simulator.CreateHttpClient(), Microsoft.Extensions.Options.Options.Create(options));
        var exception = await Assert.ThrowsAsync<GitHubOAuthException>(() => client.ExchangeCodeAsync(code, SimulatorFactory.RedirectUri, verifier));
        Assert.Equal(GitHubOAuthError.IncorrectClientCredentials, exception.Error);
        Assert.Equal(200, exception.HttpStatus);
    }

    [Fact]
    public async Task Wrong_redirect_uri_answers_redirect_uri_mismatch()
    {
        var verifier = Pkce.CreateVerifier();
        var code = await simulator.AuthorizeAsync("octocat", Pkce.ComputeChallenge(verifier));

        var exception = await Assert.ThrowsAsync<GitHubOAuthException>(() =>
            simulator.OAuthClient().ExchangeCodeAsync(code, "http://localhost/somewhere-else", verifier));

        Assert.Equal(GitHubOAuthError.RedirectUriMismatch, exception.Error);
        Assert.Equal("redirect_uri_mismatch", exception.ErrorCode);
    }

    [Fact]
    public async Task Without_accept_json_the_token_endpoint_answers_form_encoded_like_github()
    {
        var verifier = Pkce.CreateVerifier();
        var code = await simulator.AuthorizeAsync("octocat", Pkce.ComputeChallenge(verifier));

        using var response = await simulator.CreateHttpClient().PostAsync("/login/oauth/access_token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = SimulatorFactory.ClientId,
            ["client_secret"] = SimulatorFactory.ClientSecret,
            ["code"] = code,
            ["code_verifier"] = verifier,
        }));

        Assert.Equal("application/x-www-form-urlencoded", response.Content.Headers.ContentType?.MediaType);
        var fields = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("ghu_", fields["access_token"].ToString(), StringComparison.Ordinal);
        Assert.Equal("1800", fields["expires_in"].ToString());
        Assert.Equal("bearer", fields["token_type"].ToString());
    }

    [Fact]
    public async Task Token_endpoint_accepts_a_json_body()
    {
        var token = await simulator.SignInAsync("octocat");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login/oauth/access_token")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new Dictionary<string, string>
            {
                ["client_id"] = SimulatorFactory.ClientId,
                ["client_secret"] = SimulatorFactory.ClientSecret,
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = token.RefreshToken!,
            }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await simulator.CreateHttpClient().SendAsync(request);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("ghu_", body["access_token"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1800, body["expires_in"]!.GetValue<long>());
        Assert.Equal(15_897_600, body["refresh_token_expires_in"]!.GetValue<long>());
        Assert.Equal(("bearer", ""), (body["token_type"]!.GetValue<string>(), body["scope"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Refresh_rotates_both_tokens_and_the_old_ones_stop_working()
    {
        var first = await simulator.SignInAsync("octocat");
        var oauth = simulator.OAuthClient();

        var second = await oauth.RefreshTokenAsync(first.RefreshToken!);

        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        var reused = await Assert.ThrowsAsync<GitHubOAuthException>(() => oauth.RefreshTokenAsync(first.RefreshToken!));
        Assert.Equal(GitHubOAuthError.BadRefreshToken, reused.Error);
        Assert.True(reused.RequiresSignIn);
        var rest = simulator.RestClient();
        var oldToken = await Assert.ThrowsAsync<GitHubApiException>(() => rest.GetAuthenticatedUserAsync(GitHubRequestOptions.ForToken(first.AccessToken)));
        Assert.Equal(GitHubErrorKind.Unauthorized, oldToken.Kind);
        var user = await rest.GetAuthenticatedUserAsync(GitHubRequestOptions.ForToken(second.AccessToken));
        Assert.Equal("octocat", user.GetValueOrThrow().Login);
    }

    [Fact]
    public async Task Expired_access_token_gets_401_bad_credentials_and_refresh_still_works()
    {
        var token = await simulator.SignInAsync("octocat");
        await simulator.ControlAsync(HttpMethod.Post, "/_simulator/tokens/expire");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/user");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        using var response = await simulator.CreateHttpClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Bad credentials", body["message"]!.GetValue<string>());
        Assert.Equal("https://docs.github.com/rest", body["documentation_url"]!.GetValue<string>());
        var refreshed = await simulator.OAuthClient().RefreshTokenAsync(token.RefreshToken!);
        var user = await simulator.RestClient().GetAuthenticatedUserAsync(GitHubRequestOptions.ForToken(refreshed.AccessToken));
        Assert.Equal("octocat", user.GetValueOrThrow().Login);
    }

    [Fact]
    public async Task App_jwt_with_the_app_id_as_issuer_gets_an_installation_token_that_reads_the_installed_account()
    {
        using var key = RSA.Create(2048);
        var jwt = GitHubAppJwtFactory.CreateToken("12345", key, DateTimeOffset.UtcNow);
        var rest = simulator.RestClient();

        var installationToken = await rest.CreateInstallationAccessTokenAsync(3456996, jwt);

        Assert.StartsWith("ghs_", installationToken.Token, StringComparison.Ordinal);
        Assert.True(installationToken.ExpiresAt > DateTimeOffset.UtcNow.AddMinutes(50));
        var asInstallation = GitHubRequestOptions.ForToken(installationToken.Token);
        var runs = await rest.ListWorkflowRunsAsync("octo-org", "infra", request: asInstallation);
        Assert.NotEmpty(runs.GetValueOrThrow().Items);
        var userEndpoint = await Assert.ThrowsAsync<GitHubApiException>(() => rest.GetAuthenticatedUserAsync(asInstallation));
        Assert.Equal(GitHubErrorKind.PermissionDenied, userEndpoint.Kind);
        Assert.Equal("Resource not accessible by integration", userEndpoint.GitHubMessage);
    }

    [Fact]
    public async Task App_jwt_from_another_issuer_is_refused_with_401()
    {
        using var key = RSA.Create(2048);
        var jwt = GitHubAppJwtFactory.CreateToken("99999", key, DateTimeOffset.UtcNow);

        var exception = await Assert.ThrowsAsync<GitHubApiException>(() => simulator.RestClient().CreateInstallationAccessTokenAsync(3456996, jwt));

        Assert.Equal(GitHubErrorKind.Unauthorized, exception.Kind);
    }

    private async Task<JsonNode> ExchangeRawAsync(Dictionary<string, string> fields)
    {
        fields.TryAdd("client_id", SimulatorFactory.ClientId);
        fields.TryAdd("client_secret", SimulatorFactory.ClientSecret);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login/oauth/access_token") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await simulator.CreateHttpClient().SendAsync(request);
        // GitHub reports OAuth errors with HTTP 200.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
