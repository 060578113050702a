using System.Net;
using System.Web;
using ActionsDashboard.Identity.Sessions;

namespace Auth.Api.FunctionalTests;

[Collection(AuthApiCollection.Name)]
public sealed class SignInTests(AuthApiFixture fixture)
{
    [Fact]
    public async Task Sign_in_redirects_to_GitHub_with_state_pkce_and_the_login_hint()
    {
        using var browser = new Browser();

        using var response = await browser.GetAsync(fixture.Auth("/auth/github?login=monalisa"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var authorize = response.Headers.Location!;
        Assert.StartsWith(new Uri(fixture.SimulatorUrl, "/login/oauth/authorize").AbsoluteUri, authorize.AbsoluteUri);
        var query = HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal(TestSecrets.GitHubClientId, query["client_id"]);
        Assert.Equal(fixture.Auth("/auth/callback").AbsoluteUri, query["redirect_uri"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"]!.Length);
        Assert.Equal("monalisa", query["login"]);
        Assert.Equal(query["state"], browser.CookieValue(fixture.AuthApiUrl, SessionCookies.DevelopmentSignInName));
        var signInCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SessionCookies.DevelopmentSignInName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", signInCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", signInCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=600", signInCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Two_users_sign_in_with_their_own_cookie_jars_and_each_sees_their_own_session()
    {
        using var octocatBrowser = new Browser();
        using var monalisaBrowser = new Browser();

        await fixture.SignInAsync(octocatBrowser, "octocat");
        await fixture.SignInAsync(monalisaBrowser, "monalisa");
        var octocat = await AuthApiFixture.ReadJsonAsync(await octocatBrowser.GetAsync(fixture.Auth("/auth/session")));
        var monalisa = await AuthApiFixture.ReadJsonAsync(await monalisaBrowser.GetAsync(fixture.Auth("/auth/session")));

        Assert.Equal("octocat", (string?)octocat["login"]);
        Assert.Equal(1, (long)octocat["userId"]!);
        Assert.Equal("monalisa", (string?)monalisa["login"]);
        Assert.Equal(2, (long)monalisa["userId"]!);
        Assert.NotEqual((string?)octocat["csrfToken"], (string?)monalisa["csrfToken"]);
        Assert.NotNull((string?)octocat["avatarUrl"]);
        Assert.True((DateTimeOffset)octocat["expiresAt"]! > fixture.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Session_cookie_is_http_only_lax_for_the_whole_site_and_the_callback_lands_on_the_return_url()
    {
        using var browser = new Browser();
        using var toGitHub = await browser.GetAsync(fixture.Auth("/auth/github?returnUrl=%2Fruns%2Focto-org%2Focto-repo%2F42%3Ftab%3Djobs"));
        using var backFromGitHub = await browser.GetAsync(toGitHub.Headers.Location!);

        using var callback = await browser.GetAsync(backFromGitHub.Headers.Location!);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/runs/octo-org/octo-repo/42?tab=jobs", callback.Headers.Location!.OriginalString);
        var sessionCookie = callback.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SessionCookies.DevelopmentSessionName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", sessionCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", sessionCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", sessionCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Null(browser.CookieValue(fixture.AuthApiUrl, SessionCookies.DevelopmentSignInName));
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("http:evil.example")]
    public async Task Open_redirect_attempts_land_on_the_dashboard_root(string returnUrl)
    {
        using var browser = new Browser();
        using var toGitHub = await browser.GetAsync(fixture.Auth($"/auth/github?returnUrl={Uri.EscapeDataString(returnUrl)}"));
        using var backFromGitHub = await browser.GetAsync(toGitHub.Headers.Location!);

        using var callback = await browser.GetAsync(backFromGitHub.Headers.Location!);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/", callback.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Callback_in_another_browser_is_refused_and_creates_no_session()
    {
        using var victim = new Browser();
        using var attacker = new Browser();
        using var toGitHub = await attacker.GetAsync(fixture.Auth("/auth/github"));
        using var backFromGitHub = await attacker.GetAsync(toGitHub.Headers.Location!);

        using var callback = await victim.GetAsync(backFromGitHub.Headers.Location!);

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Equal("Sign-in could not be verified", (string?)(await AuthApiFixture.ReadJsonAsync(callback))["title"]);
        Assert.Null(victim.CookieValue(fixture.AuthApiUrl, SessionCookies.DevelopmentSessionName));
    }

    [Fact]
    public async Task Callback_with_a_state_that_does_not_match_the_cookie_is_refused()
    {
        using var browser = new Browser();
        using var toGitHub = await browser.GetAsync(fixture.Auth("/auth/github"));
        using var backFromGitHub = await browser.GetAsync(toGitHub.Headers.Location!);
        var code = HttpUtility.ParseQueryString(backFromGitHub.Headers.Location!.Query)["code"];

        using var callback = await browser.GetAsync(fixture.Auth($"/auth/callback?code={code}&state=forged-state-value"));

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Null(browser.CookieValue(fixture.AuthApiUrl, SessionCookies.DevelopmentSessionName));
    }

    [Fact]
    public async Task Replayed_callback_is_refused_because_the_state_works_once()
    {
        using var browser = new Browser();
        using var toGitHub = await browser.GetAsync(fixture.Auth("/auth/github"));
        var state = browser.CookieValue(fixture.AuthApiUrl, SessionCookies.DevelopmentSignInName)!;
        using var backFromGitHub = await browser.GetAsync(toGitHub.Headers.Location!);
        using var first = await browser.GetAsync(backFromGitHub.Headers.Location!);
        using var replayer = new Browser();
        replayer.Cookies.Add(fixture.AuthApiUrl, new System.Net.Cookie(SessionCookies.DevelopmentSignInName, state));

        using var replay = await replayer.GetAsync(backFromGitHub.Headers.Location!);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal("Sign-in link already used", (string?)(await AuthApiFixture.ReadJsonAsync(replay))["title"]);
        Assert.Null(replayer.CookieValue(fixture.AuthApiUrl, SessionCookies.DevelopmentSessionName));
    }

    [Fact]
    public async Task Callback_after_ten_minutes_is_refused()
    {
        using var browser = new Browser();
        using var toGitHub = await browser.GetAsync(fixture.Auth("/auth/github"));
        using var backFromGitHub = await browser.GetAsync(toGitHub.Headers.Location!);
        fixture.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        using var callback = await browser.GetAsync(backFromGitHub.Headers.Location!);

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Equal("Sign-in took too long", (string?)(await AuthApiFixture.ReadJsonAsync(callback))["title"]);
        Assert.Null(browser.CookieValue(fixture.AuthApiUrl, SessionCookies.DevelopmentSessionName));
    }

    [Fact]
    public async Task Declined_authorization_on_GitHub_shows_a_page_that_says_so_and_creates_no_session()
    {
        using var browser = new Browser();
        using var toGitHub = await browser.GetAsync(fixture.Auth("/auth/github"));
        var state = HttpUtility.ParseQueryString(toGitHub.Headers.Location!.Query)["state"];
        using var request = new HttpRequestMessage(HttpMethod.Get,
            fixture.Auth($"/auth/callback?error=access_denied&error_description=The+user+has+denied+your+application+access.&state={state}"));
        request.Headers.Accept.ParseAdd("text/html");

        using var callback = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Equal("text/html", callback.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Sign-in cancelled", await callback.Content.ReadAsStringAsync());
        Assert.Null(browser.CookieValue(fixture.AuthApiUrl, SessionCookies.DevelopmentSessionName));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(fixture.Auth("/auth/session"))).StatusCode);
    }

    [Fact]
    public async Task Over_https_the_cookies_are_secure_with_the_host_prefix()
    {
        // As the gateway forwards a browser's HTTPS request: X-Forwarded-Proto from a proxy on loopback.
        using var start = new HttpRequestMessage(HttpMethod.Get, fixture.Auth("/auth/github"));
        start.Headers.Add("X-Forwarded-Proto", "https");
        using var toGitHub = await fixture.Http.SendAsync(start);
        var signInCookie = toGitHub.Headers.GetValues("Set-Cookie").Single();
        using var backFromGitHub = await fixture.Http.GetAsync(toGitHub.Headers.Location!);
        var callbackUrl = backFromGitHub.Headers.Location!;
        using var callback = new HttpRequestMessage(HttpMethod.Get, fixture.Auth(callbackUrl.PathAndQuery));
        callback.Headers.Add("X-Forwarded-Proto", "https");
        callback.Headers.Add("Cookie", signInCookie.Split(';')[0]);

        using var signedIn = await fixture.Http.SendAsync(callback);

        Assert.StartsWith(SessionCookies.SecureSignInName + "=", signInCookie);
        Assert.Contains("secure", signInCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("https", callbackUrl.Scheme);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var sessionCookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SessionCookies.SecureSessionName + "=", StringComparison.Ordinal));
        Assert.Contains("secure", sessionCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", sessionCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", sessionCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", sessionCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Signing_in_again_ends_the_browsers_previous_session()
    {
        using var browser = new Browser();
        var first = await fixture.SignInAsync(browser, "octocat");

        var second = await fixture.SignInAsync(browser, "octocat");

        Assert.NotEqual(first, second);
        using var replayer = new Browser();
        replayer.Cookies.Add(fixture.AuthApiUrl, new System.Net.Cookie(SessionCookies.DevelopmentSessionName, first));
        Assert.Equal(HttpStatusCode.Unauthorized, (await replayer.GetAsync(fixture.Auth("/auth/session"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(fixture.Auth("/auth/session"))).StatusCode);
    }
}
