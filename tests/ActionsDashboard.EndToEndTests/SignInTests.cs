using System.Net;
using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;

namespace ActionsDashboard.EndToEndTests;

/// <summary>Signing in through the gateway with the simulator as GitHub (demo mode), as a browser would.</summary>
[Collection(AppHostCollection.Name)]
public class SignInTests(AppHostFixture fixture)
{
    [Fact]
    public async Task Sign_in_through_the_simulator_opens_a_session_that_reaches_the_services_and_logout_ends_it()
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new BrowserCookieHandler(cookies, followRedirects: true))
        {
            BaseAddress = fixture.GatewayUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };

        // gateway → auth-api → simulator's authorize → auth-api's callback → back to the app.
        using var signIn = await browser.GetAsync("/auth/github?returnUrl=/&login=monalisa");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(fixture.GatewayUrl.Authority, signIn.RequestMessage!.RequestUri!.Authority);

        var session = JsonNode.Parse(await browser.GetStringAsync("/auth/session"))!;
        Assert.Equal("monalisa", (string?)session["login"]);
        var csrf = (string?)session["csrfToken"];
        Assert.False(string.IsNullOrEmpty(csrf));

        // With a session the gateway lets the request through to realtime-hub, which opens the event stream.
        using (var events = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/events"), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, events.StatusCode);
            Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
        }

        using var logoutWithoutCsrf = await browser.PostAsync("/auth/logout", null);
        Assert.Equal(HttpStatusCode.Forbidden, logoutWithoutCsrf.StatusCode);

        using var logout = new HttpRequestMessage(HttpMethod.Post, "/auth/logout");
        logout.Headers.Add("X-CSRF-Token", csrf);
        using var loggedOut = await browser.SendAsync(logout);
        Assert.True(loggedOut.IsSuccessStatusCode, $"logout answered {(int)loggedOut.StatusCode}");

        using var after = await browser.GetAsync("/auth/session");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }
}
