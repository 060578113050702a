using System.Net;
using ActionsDashboard.Identity.Sessions;

namespace Auth.Api.FunctionalTests;

[Collection(AuthApiCollection.Name)]
public sealed class SessionTests(AuthApiFixture fixture)
{
    [Fact]
    public async Task Without_a_session_the_answer_is_401_problem_details()
    {
        using var browser = new Browser();

        using var response = await browser.GetAsync(fixture.Auth("/auth/session"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Not signed in", (string?)(await AuthApiFixture.ReadJsonAsync(response))["title"]);
    }

    [Fact]
    public async Task Logout_ends_the_session_on_the_server_so_a_replayed_cookie_is_refused()
    {
        using var browser = new Browser();
        var sessionId = await fixture.SignInAsync(browser, "octocat");
        var csrf = (string?)(await AuthApiFixture.ReadJsonAsync(await browser.GetAsync(fixture.Auth("/auth/session"))))["csrfToken"];
        using var logout = new HttpRequestMessage(HttpMethod.Post, fixture.Auth("/auth/logout"));
        logout.Headers.Add(SessionCookies.CsrfHeaderName, csrf);

        using var loggedOut = await browser.SendAsync(logout);
        using var replayer = new Browser();
        replayer.Cookies.Add(fixture.AuthApiUrl, new Cookie(SessionCookies.DevelopmentSessionName, sessionId));
        using var replayedSession = await replayer.GetAsync(fixture.Auth("/auth/session"));
        using var replayedLogout = new HttpRequestMessage(HttpMethod.Post, fixture.Auth("/auth/logout"));
        replayedLogout.Headers.Add(SessionCookies.CsrfHeaderName, csrf);
        using var secondLogout = await replayer.SendAsync(replayedLogout);
        using var token = await fixture.RequestGitHubTokenAsync(sessionId, 1, "octocat");

        Assert.Equal(HttpStatusCode.NoContent, loggedOut.StatusCode);
        Assert.Null(browser.CookieValue(fixture.AuthApiUrl, SessionCookies.DevelopmentSessionName));
        Assert.Equal(HttpStatusCode.Unauthorized, replayedSession.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, secondLogout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
        Assert.DoesNotContain(await fixture.ReadTableAsync("sessions"), row => row.Contains(SessionSecrets.Hash(sessionId), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logout_without_the_csrf_token_is_refused_and_the_session_stays()
    {
        using var browser = new Browser();
        await fixture.SignInAsync(browser, "octocat");

        using var logout = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, fixture.Auth("/auth/logout")));

        Assert.Equal(HttpStatusCode.Forbidden, logout.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(fixture.Auth("/auth/session"))).StatusCode);
    }

    [Fact]
    public async Task Idle_session_expires()
    {
        using var browser = new Browser();
        var sessionId = await fixture.SignInAsync(browser, "octocat");
        fixture.Clock.Advance(AuthApiFixture.IdleTimeout - TimeSpan.FromMinutes(1));
        using var beforeIdleExpiry = await browser.GetAsync(fixture.Auth("/auth/session"));
        fixture.Clock.Advance(AuthApiFixture.IdleTimeout + TimeSpan.FromMinutes(1));

        using var afterIdleExpiry = await browser.GetAsync(fixture.Auth("/auth/session"));

        Assert.Equal(HttpStatusCode.OK, beforeIdleExpiry.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterIdleExpiry.StatusCode);
        Assert.DoesNotContain(await fixture.ReadTableAsync("sessions"), row => row.Contains(SessionSecrets.Hash(sessionId), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Activity_keeps_a_session_alive_but_not_past_its_absolute_expiry()
    {
        using var browser = new Browser();
        await fixture.SignInAsync(browser, "monalisa");
        var step = AuthApiFixture.IdleTimeout - TimeSpan.FromHours(1);
        var elapsed = TimeSpan.Zero;
        while (elapsed + step < AuthApiFixture.AbsoluteTimeout)
        {
            fixture.Clock.Advance(step);
            elapsed += step;
            using var active = await browser.GetAsync(fixture.Auth("/auth/session"));
            Assert.Equal(HttpStatusCode.OK, active.StatusCode);
        }

        fixture.Clock.Advance(AuthApiFixture.AbsoluteTimeout - elapsed);

        using var pastAbsoluteExpiry = await browser.GetAsync(fixture.Auth("/auth/session"));
        Assert.Equal(HttpStatusCode.Unauthorized, pastAbsoluteExpiry.StatusCode);
    }

    [Fact]
    public async Task Session_answer_is_not_cacheable()
    {
        using var browser = new Browser();
        await fixture.SignInAsync(browser, "hubot");

        using var response = await browser.GetAsync(fixture.Auth("/auth/session"));

        Assert.True(response.Headers.CacheControl?.NoStore);
    }
}
