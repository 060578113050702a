using System.Net;
using System.Text.Json.Nodes;
using ActionsDashboard.Identity.Sessions;

namespace Gateway.FunctionalTests;

/// <summary>What the gateway does for every request at the edge: internal routes, body limits, rate limits, headers.</summary>
[Collection(GatewayCollection.Name)]
public sealed class EdgeProtectionTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("POST", "/internal/sessions/resolve")]
    [InlineData("POST", "/internal/github-token")]
    [InlineData("GET", "/Internal/anything")]
    public async Task Internal_routes_are_not_reachable_through_the_gateway(string method, string path)
    {
        using var browser = new Browser();
        var before = fixture.Services.Seen.Count;

        using var response = await browser.SendAsync(new HttpRequestMessage(new HttpMethod(method), fixture.Gateway(path)) { Content = new StringContent("{}") });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not found", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["title"]);
        Assert.Equal(before, fixture.Services.Seen.Count);
    }

    [Fact]
    public async Task A_request_body_over_the_limit_is_413()
    {
        using var browser = new Browser();
        await fixture.SignInAsync(browser, "octocat");
        using var request = new HttpRequestMessage(HttpMethod.Put, fixture.Gateway("/api/settings")) { Content = new ByteArrayContent(new byte[2 * 1024 * 1024]) };
        request.Headers.Add(SessionCookies.CsrfHeaderName, await fixture.CsrfTokenAsync(browser));

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Webhook_deliveries_may_be_larger()
    {
        using var browser = new Browser();

        using var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, fixture.Gateway("/webhooks/github"))
        {
            Content = new ByteArrayContent(new byte[5 * 1024 * 1024]),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5 * 1024 * 1024, fixture.Services.Last("/webhooks/github").BodyLength);
    }

    [Fact]
    public async Task Security_headers_are_on_every_response()
    {
        using var browser = new Browser();

        using var page = await browser.GetAsync(fixture.Gateway("/"));
        using var problem = await browser.GetAsync(fixture.Gateway("/api/user"));

        foreach (var response in new[] { page, problem })
        {
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("default-src 'self'", csp);
            Assert.Contains("script-src 'self';", csp);
            Assert.Contains("style-src 'self' 'unsafe-inline'", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("connect-src 'self'", csp);
            Assert.Contains("base-uri 'self'", csp);
            Assert.Contains($"img-src 'self' data: https://avatars.githubusercontent.com {fixture.SimulatorUrl.GetLeftPart(UriPartial.Authority)}", csp);
            Assert.Contains($"form-action 'self' {fixture.SimulatorUrl.GetLeftPart(UriPartial.Authority)}", csp);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        }
    }

    [Fact]
    public async Task Outside_development_responses_carry_hsts()
    {
        await using var production = fixture.StartGateway(environment: "Production");
        using var browser = new Browser();

        using var response = await browser.GetAsync(new Uri(production.ClientOptions.BaseAddress, "/"));

        Assert.Equal("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task Each_signed_in_user_is_rate_limited_with_429_and_retry_after()
    {
        await using var gateway = fixture.StartGateway(new() { ["Gateway:RateLimits:PerUser:PermitLimit"] = "5" });
        var url = gateway.ClientOptions.BaseAddress;
        using var limited = new Browser();
        using var other = new Browser();
        await fixture.SignInAsync(limited, "octocat", url);
        await fixture.SignInAsync(other, "monalisa", url);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < 10 && rejected is null; i++)
        {
            var response = await limited.GetAsync(new Uri(url, "/api/user"));
            statuses.Add(response.StatusCode);
            rejected = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.NotNull(rejected);
        Assert.True(rejected.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("Too many requests", (string?)JsonNode.Parse(await rejected.Content.ReadAsStringAsync())!["title"]);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(new Uri(url, "/api/user"))).StatusCode);
        rejected.Dispose();
    }

    [Fact]
    public async Task Each_client_address_is_rate_limited_with_429_and_retry_after()
    {
        await using var gateway = fixture.StartGateway(new() { ["Gateway:RateLimits:PerIp:PermitLimit"] = "5" });
        using var browser = new Browser();

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            responses.Add(await browser.GetAsync(new Uri(gateway.ClientOptions.BaseAddress, "/")));
        }

        Assert.All(responses.Take(5), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, responses[5].StatusCode);
        Assert.True(responses[5].Headers.RetryAfter?.Delta > TimeSpan.Zero);
        // The gateway's health endpoints are no way around it: they count like any request.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await browser.GetAsync(new Uri(gateway.ClientOptions.BaseAddress, "/alive"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await browser.GetAsync(new Uri(gateway.ClientOptions.BaseAddress, "/health"))).StatusCode);
        responses.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task Starting_a_sign_in_has_a_tighter_limit_per_address_of_its_own()
    {
        await using var gateway = fixture.StartGateway(new() { ["Gateway:RateLimits:SignInPerIp:PermitLimit"] = "3" });
        using var browser = new Browser();
        var url = gateway.ClientOptions.BaseAddress;

        var starts = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await browser.GetAsync(new Uri(url, "/auth/github"));
            starts.Add(response.StatusCode);
        }

        Assert.All(starts.Take(3), status => Assert.NotEqual(HttpStatusCode.TooManyRequests, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, starts[3]);
        // Other routes from the same address are not held up by it.
        using var page = await browser.GetAsync(new Uri(url, "/"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task One_address_may_only_have_so_many_webhook_uploads_in_flight_and_others_are_not_held_up()
    {
        await using var gateway = fixture.StartGateway(new() { ["ReverseProxy:Routes:webhooks:Metadata:ConcurrentRequestsPerIp"] = "2" });
        var url = gateway.ClientOptions.BaseAddress!;
        await using var first = await RawUpload.StartAsync(url, 1_000_000, RawUpload.ForgedDeliveryHeaders());
        await using var second = await RawUpload.StartAsync(url, 1_000_000, RawUpload.ForgedDeliveryHeaders());
        await first.SendAsync(1_000);
        await second.SendAsync(1_000);

        // Two slow uploads are in flight from 127.0.0.1: a third from there is refused at once, whatever its size.
        var third = await Eventually.WaitForAsync(() => CompleteUploadAsync(url, IPAddress.Loopback), answer => answer.Status == 429,
            TimeSpan.FromSeconds(10), "for a third upload from the same address to be refused");
        Assert.Contains("Retry-After: 1", third.Head, StringComparison.OrdinalIgnoreCase);

        // Another address is not held up by them; and once one of the two ends, the first address may send again.
        Assert.Equal(200, (await CompleteUploadAsync(url, IPAddress.Parse("127.0.0.2"))).Status);
        await first.DisposeAsync();
        await Eventually.WaitForAsync(() => CompleteUploadAsync(url, IPAddress.Loopback), answer => answer.Status == 200,
            TimeSpan.FromSeconds(10), "for the address to be let through once an upload of its ended");
    }

    private static async Task<(int? Status, string Head)> CompleteUploadAsync(Uri gateway, IPAddress from)
    {
        await using var upload = await RawUpload.StartAsync(gateway, 2, RawUpload.ForgedDeliveryHeaders(), from: from);
        await upload.SendAsync(2);
        return (await upload.StatusAsync(TimeSpan.FromSeconds(5)), upload.Head);
    }
}
