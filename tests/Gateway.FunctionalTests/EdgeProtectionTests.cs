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
    public async Task Outside_development_hsts_is_sent_over_tls_only_as_a_trusted_proxy_reports_it()
    {
        await using var production = fixture.StartGateway(environment: "Production");
        await using var behindProxy = fixture.StartGateway(new() { ["ForwardedHeaders:KnownProxies"] = "127.0.0.1;::1" }, environment: "Production");
        using var browser = new Browser();

        async Task<bool> HstsAsync(Uri gateway, string? forwardedProto)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, "/"));
            if (forwardedProto is not null)
            {
                request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            }

            using var response = await browser.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response.Headers.TryGetValues("Strict-Transport-Security", out var values) && values.Single() == "max-age=31536000";
        }

        // Plain HTTP: a browser ignores HSTS there, and a client claiming HTTPS is no proxy of ours.
        Assert.False(await HstsAsync(production.ClientOptions.BaseAddress, null));
        Assert.False(await HstsAsync(production.ClientOptions.BaseAddress, "https"));
        // Behind a configured proxy that terminated TLS.
        Assert.True(await HstsAsync(behindProxy.ClientOptions.BaseAddress, "https"));
        Assert.False(await HstsAsync(behindProxy.ClientOptions.BaseAddress, "http"));
    }

    [Fact]
    public async Task A_client_cannot_choose_the_address_it_is_rate_limited_under_unless_it_is_a_configured_proxy()
    {
        var limit = new Dictionary<string, string?> { ["Gateway:RateLimits:PerIp:PermitLimit"] = "3" };
        await using var edge = fixture.StartGateway(limit);
        await using var behindProxy = fixture.StartGateway(new(limit) { ["ForwardedHeaders:KnownNetworks"] = "127.0.0.0/8,::1/128" });
        using var browser = new Browser();

        async Task<HttpStatusCode[]> SpreadOverAddressesAsync(Uri gateway)
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 1; i <= 5; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, "/"));
                request.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
                using var response = await browser.SendAsync(request);
                statuses.Add(response.StatusCode);
            }

            return [.. statuses];
        }

        // At the edge the header is a client's say-so: five requests from one address, the fourth is refused.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SpreadOverAddressesAsync(edge.ClientOptions.BaseAddress))[3]);
        // Behind a configured proxy each forwarded address has its own allowance.
        Assert.All(await SpreadOverAddressesAsync(behindProxy.ClientOptions.BaseAddress), status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task A_request_for_another_host_name_is_refused_when_allowed_hosts_are_set()
    {
        await using var gateway = fixture.StartGateway(new() { ["AllowedHosts"] = "localhost;127.0.0.1;[::1]" }, environment: "Production");
        using var browser = new Browser();

        using var ours = await browser.GetAsync(new Uri(gateway.ClientOptions.BaseAddress, "/"));
        using var rebound = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.ClientOptions.BaseAddress, "/"));
        rebound.Headers.Host = "attacker.example";
        using var refused = await browser.SendAsync(rebound);

        Assert.Equal(HttpStatusCode.OK, ours.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
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
        int Forwarded() => fixture.Services.Arrived.Count(path => path == RawUpload.WebhookPath);
        var before = Forwarded();
        await using var first = await RawUpload.StartAsync(url, 1_000_000, RawUpload.ForgedDeliveryHeaders());
        await using var second = await RawUpload.StartAsync(url, 1_000_000, RawUpload.ForgedDeliveryHeaders());
        await first.SendAsync(1_000);
        await second.SendAsync(1_000);
        // Both are past the gateway's limiter (forwarded, their bodies still coming) before a third one tries.
        await Eventually.WaitForAsync(() => Task.FromResult(Forwarded() - before), count => count == 2, TimeSpan.FromSeconds(10),
            "for both slow uploads to be forwarded");

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
