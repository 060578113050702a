using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.Identity;
using ActionsDashboard.Identity.Sessions;
using Microsoft.Extensions.Options;

namespace Gateway.FunctionalTests;

/// <summary>Sign-in through the gateway, the session check, identity forwarding and header stripping.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SessionCheckTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Two_users_sign_in_through_the_gateway_and_services_receive_each_users_identity()
    {
        using var octocat = new Browser();
        using var monalisa = new Browser();
        await fixture.SignInAsync(octocat, "octocat");
        await fixture.SignInAsync(monalisa, "monalisa");

        var octocatSeen = await GetSeenAsync(octocat, "/api/user");
        var monalisaSeen = await GetSeenAsync(monalisa, "/api/user");

        Assert.Equal("octocat", (await ValidateAsync(octocatSeen.Identity))!.Login);
        Assert.Equal(1, (await ValidateAsync(octocatSeen.Identity))!.UserId);
        Assert.Equal("monalisa", (await ValidateAsync(monalisaSeen.Identity))!.Login);
        Assert.Equal(2, (await ValidateAsync(monalisaSeen.Identity))!.UserId);
    }

    [Theory]
    [InlineData("/api/user")]
    [InlineData("/api/repos/octo-org/octo-repo/actions/runs")]
    [InlineData("/ws/negotiate")]
    [InlineData("/events")]
    public async Task Api_and_live_routes_without_a_session_get_401_problem_details_from_the_gateway(string path)
    {
        using var browser = new Browser();
        var before = fixture.Services.Seen.Count;

        using var response = await browser.GetAsync(fixture.Gateway(path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Sign-in required", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["title"]);
        Assert.Equal(before, fixture.Services.Seen.Count);
    }

    [Fact]
    public async Task An_unknown_session_cookie_is_not_signed_in()
    {
        using var browser = new Browser();
        browser.Cookies.Add(fixture.GatewayUrl, new Cookie(SessionCookies.DevelopmentSessionName, SessionSecrets.NewSessionId()));

        using var response = await browser.GetAsync(fixture.Gateway("/api/user"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task When_auth_api_cannot_be_reached_signed_in_routes_answer_503_quickly()
    {
        await using var gateway = fixture.StartGateway(new() { ["services:auth-api:http:0"] = $"http://127.0.0.1:{ActionsDashboard.TestInfrastructure.LocalServers.FreeTcpPort()}" });
        using var browser = new Browser();
        browser.Cookies.Add(gateway.ClientOptions.BaseAddress, new Cookie(SessionCookies.DevelopmentSessionName, SessionSecrets.NewSessionId()));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        using var response = await browser.GetAsync(new Uri(gateway.ClientOptions.BaseAddress, "/api/user"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Sign-in service unavailable", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["title"]);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_forged_identity_token_from_a_client_without_a_session_is_ignored()
    {
        using var browser = new Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, fixture.Gateway("/api/user"));
        // Even correctly signed: only the gateway's own token, minted for this request, may reach a service.
        request.Headers.Add(InternalIdentityDefaults.HeaderName, MintIdentity(1, "octocat", "githubproxy-api"));
        request.Headers.Add("X-Internal-User", "octocat");
        request.Headers.Authorization = new("Bearer", MintIdentity(1, "octocat", "githubproxy-api"));

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_user_cannot_pass_for_someone_else_with_a_forged_identity_header()
    {
        using var browser = new Browser();
        await fixture.SignInAsync(browser, "monalisa");
        using var request = new HttpRequestMessage(HttpMethod.Get, fixture.Gateway("/api/user"));
        request.Headers.Add(InternalIdentityDefaults.HeaderName, MintIdentity(1, "octocat", "githubproxy-api"));
        request.Headers.Authorization = new("Bearer", "octocat");

        using var response = await browser.SendAsync(request);
        var seen = (await response.Content.ReadFromJsonAsync<SeenRequest>())!;

        Assert.Equal("monalisa", (await ValidateAsync(seen.Identity))!.Login);
        Assert.DoesNotContain(",", seen.Identity);
        Assert.Null(seen.Authorization);
    }

    [Fact]
    public async Task Identity_headers_sent_to_routes_without_a_session_are_dropped_too()
    {
        using var browser = new Browser();
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.Gateway("/webhooks/github")) { Content = new StringContent("{}") };
        request.Headers.Add(InternalIdentityDefaults.HeaderName, MintIdentity(1, "octocat", "webhooks-api"));
        request.Headers.Authorization = new("Bearer", "anything");

        using var response = await browser.SendAsync(request);
        var seen = (await response.Content.ReadFromJsonAsync<SeenRequest>())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(seen.Identity);
        Assert.Null(seen.Authorization);
    }

    [Fact]
    public async Task The_identity_token_is_short_lived_and_only_valid_at_the_service_it_was_minted_for()
    {
        using var browser = new Browser();
        await fixture.SignInAsync(browser, "octocat");

        var seen = await GetSeenAsync(browser, "/api/user");
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(seen.Identity);

        Assert.Equal(InternalIdentityDefaults.Issuer, token.Issuer);
        Assert.Equal(["githubproxy-api"], token.Audiences);
        Assert.Equal(TimeSpan.FromSeconds(60), token.ValidTo - token.IssuedAt);
        Assert.NotNull(await ValidateAsync(seen.Identity, "githubproxy-api"));
        Assert.Null(await ValidateAsync(seen.Identity, "realtime-hub"));
    }

    [Fact]
    public async Task The_session_cookie_reaches_only_auth_api_and_other_cookies_pass()
    {
        using var browser = new Browser();
        await fixture.SignInAsync(browser, "octocat");
        browser.Cookies.Add(fixture.GatewayUrl, new Cookie("theme", "dark"));

        var api = await GetSeenAsync(browser, "/api/user");
        var web = await GetSeenAsync(browser, "/runs/octo-org/octo-repo/1");

        Assert.Equal("theme=dark", api.Cookie);
        Assert.Equal("theme=dark", web.Cookie);
        Assert.Null(web.Identity);
    }

    [Fact]
    public async Task Session_resolution_is_cached_in_redis_under_the_hash_never_the_cookie()
    {
        using var browser = new Browser();
        var sessionId = await fixture.SignInAsync(browser, "hubot");
        await GetSeenAsync(browser, "/api/user");

        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var cached = await redis.GetDatabase().StringGetAsync("gateway:session:" + SessionSecrets.Hash(sessionId));

        Assert.Contains("hubot", (string?)cached);
        Assert.DoesNotContain(sessionId, (string?)cached);
    }

    [Fact]
    public async Task No_cookie_or_identity_token_appears_in_the_gateways_log_lines()
    {
        using var browser = new Browser();
        var sessionId = await fixture.SignInAsync(browser, "octocat");
        var seen = await GetSeenAsync(browser, "/api/user");

        Assert.Empty(fixture.Logs.LinesContaining(sessionId));
        Assert.Empty(fixture.Logs.LinesContaining(seen.Identity!));
        Assert.Empty(fixture.Logs.LinesContaining(fixture.InternalApiKey));
        Assert.Contains(fixture.Logs.Lines, line => line.Contains("/api/user", StringComparison.Ordinal));
    }

    private async Task<SeenRequest> GetSeenAsync(Browser browser, string path)
    {
        using var response = await browser.GetAsync(fixture.Gateway(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SeenRequest>())!;
    }

    private string MintIdentity(long userId, string login, string audience) =>
        new InternalIdentityTokenIssuer(Options.Create(new InternalIdentityOptions { SigningKey = fixture.SigningKey }), TimeProvider.System)
            .Issue(new InternalIdentity(userId, login, SessionSecrets.Hash(SessionSecrets.NewSessionId())), audience);

    private async Task<InternalIdentity?> ValidateAsync(string? token, string audience = "githubproxy-api") =>
        (await new InternalIdentityTokenValidator(Options.Create(new InternalIdentityOptions { SigningKey = fixture.SigningKey }), TimeProvider.System)
            .ValidateAsync(token, [audience])).Identity;
}
