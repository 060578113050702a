using System.Net;
using System.Text.Json.Nodes;
using ActionsDashboard.Identity.Sessions;

namespace Gateway.FunctionalTests;

[Collection(GatewayCollection.Name)]
public sealed class CsrfAndLogoutTests(GatewayFixture fixture)
{
    private const string RerunPath = "/api/repos/octo-org/octo-repo/actions/runs/42/rerun";

    [Fact]
    public async Task Unsafe_request_without_the_csrf_header_is_403_and_never_reaches_the_service()
    {
        using var browser = new Browser();
        await fixture.SignInAsync(browser, "octocat");
        var before = fixture.Services.Seen.Count;

        using var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, fixture.Gateway(RerunPath)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("CSRF check failed", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["title"]);
        Assert.Equal(before, fixture.Services.Seen.Count);
    }

    [Fact]
    public async Task Unsafe_request_with_another_sessions_csrf_token_is_403()
    {
        using var octocat = new Browser();
        using var monalisa = new Browser();
        await fixture.SignInAsync(octocat, "octocat");
        await fixture.SignInAsync(monalisa, "monalisa");
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.Gateway(RerunPath));
        request.Headers.Add(SessionCookies.CsrfHeaderName, await fixture.CsrfTokenAsync(monalisa));

        using var response = await octocat.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Unsafe_request_with_the_csrf_header_from_the_same_origin_reaches_the_service()
    {
        using var browser = new Browser();
        await fixture.SignInAsync(browser, "octocat");
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.Gateway(RerunPath));
        request.Headers.Add(SessionCookies.CsrfHeaderName, await fixture.CsrfTokenAsync(browser));
        request.Headers.Add("Origin", fixture.GatewayUrl.GetLeftPart(UriPartial.Authority));

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST", fixture.Services.Last(RerunPath).Method);
    }

    [Fact]
    public async Task Unsafe_request_from_another_origin_is_403_even_with_the_csrf_token()
    {
        using var browser = new Browser();
        await fixture.SignInAsync(browser, "octocat");
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.Gateway(RerunPath));
        request.Headers.Add(SessionCookies.CsrfHeaderName, await fixture.CsrfTokenAsync(browser));
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Cross-origin request refused", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["title"]);
    }

    [Fact]
    public async Task Logout_without_the_csrf_header_is_403_from_the_gateway()
    {
        using var browser = new Browser();
        await fixture.SignInAsync(browser, "octocat");

        using var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, fixture.Gateway("/auth/logout")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(fixture.Gateway("/auth/session"))).StatusCode);
    }

    [Fact]
    public async Task After_logout_a_replayed_cookie_is_refused_at_once_everywhere()
    {
        using var browser = new Browser();
        var sessionId = await fixture.SignInAsync(browser, "monalisa");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(fixture.Gateway("/api/user"))).StatusCode);
        using var logout = new HttpRequestMessage(HttpMethod.Post, fixture.Gateway("/auth/logout"));
        logout.Headers.Add(SessionCookies.CsrfHeaderName, await fixture.CsrfTokenAsync(browser));

        using var loggedOut = await browser.SendAsync(logout);
        using var replayer = new Browser();
        replayer.Cookies.Add(fixture.GatewayUrl, new Cookie(SessionCookies.DevelopmentSessionName, sessionId));

        Assert.Equal(HttpStatusCode.NoContent, loggedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replayer.GetAsync(fixture.Gateway("/auth/session"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replayer.GetAsync(fixture.Gateway("/api/user"))).StatusCode);
    }

    [Fact]
    public async Task A_session_Auth_Api_ends_elsewhere_stops_working_at_the_gateway_before_its_cache_entry_runs_out()
    {
        // Signing in again in the same browser makes Auth.Api end the old session ("replaced"), not the gateway.
        using var browser = new Browser();
        var oldSessionId = await fixture.SignInAsync(browser, "monalisa");
        using var replayer = new Browser();
        replayer.Cookies.Add(fixture.GatewayUrl, new Cookie(SessionCookies.DevelopmentSessionName, oldSessionId));
        // The gateway now holds the old session in its cache (30 s by default).
        Assert.Equal(HttpStatusCode.OK, (await replayer.GetAsync(fixture.Gateway("/api/user"))).StatusCode);

        var newSessionId = await fixture.SignInAsync(browser, "monalisa");
        Assert.NotEqual(oldSessionId, newSessionId);

        // SessionEnded reaches the gateway through the broker and drops the cached entry: well within the cache's 30 s.
        var status = await Eventually.WaitForAsync(
            async () =>
            {
                using var response = await replayer.GetAsync(fixture.Gateway("/api/user"));
                return response.StatusCode;
            },
            code => code == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(10),
            "the replaced session's cookie should be refused once Auth.Api announced its end");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(fixture.Gateway("/api/user"))).StatusCode);
    }
}
