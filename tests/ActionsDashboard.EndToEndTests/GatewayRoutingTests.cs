using System.Net;
using System.Text.Json.Nodes;

namespace ActionsDashboard.EndToEndTests;

[Collection(AppHostCollection.Name)]
public class GatewayRoutingTests(AppHostFixture fixture)
{
    [Theory]
    [InlineData("GET", "/auth/session", HttpStatusCode.Unauthorized, "Not signed in")]
    [InlineData("GET", "/api/user", HttpStatusCode.Unauthorized, "Sign-in required")]
    [InlineData("GET", "/api/repos/octo-org/octo-repo/runs", HttpStatusCode.Unauthorized, "Sign-in required")]
    [InlineData("POST", "/webhooks/github", HttpStatusCode.Unauthorized, "Webhook signature is missing or invalid")]
    [InlineData("GET", "/events", HttpStatusCode.Unauthorized, "Sign-in required")]
    [InlineData("GET", "/ws/negotiate", HttpStatusCode.Unauthorized, "Sign-in required")]
    public async Task Each_gateway_route_answers_a_signed_out_caller_with_a_problem(string method, string path, HttpStatusCode status, string title)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(fixture.GatewayUrl, path));

        using var response = await fixture.Http.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(title, (string?)problem["title"]);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/runs/some/client/route")]
    public async Task Everything_else_is_the_web_app_with_index_html_never_cached(string path)
    {
        using var response = await fixture.Http.GetAsync(new Uri(fixture.GatewayUrl, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>ActionsDashboard</title>", await response.Content.ReadAsStringAsync());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Web_assets_are_fingerprinted_and_cached_for_a_year()
    {
        var html = await fixture.Http.GetStringAsync(fixture.GatewayUrl);
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/assets/index-[^\"]+\\.js)\"").Groups[1].Value;
        Assert.NotEmpty(script);

        using var response = await fixture.Http.GetAsync(new Uri(fixture.GatewayUrl, script));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Http.GetAsync(new Uri(fixture.GatewayUrl, "/assets/missing-1234.js"))).StatusCode);
    }

    [Fact]
    public async Task Trace_context_and_request_id_pass_through_the_gateway()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.GatewayUrl, "/auth/session"));
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        request.Headers.Add("X-Request-ID", "support-ticket-42");

        using var response = await fixture.Http.SendAsync(request);

        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(traceId, (string?)problem["traceId"]);
        Assert.Equal("support-ticket-42", response.Headers.GetValues("X-Request-ID").Single());
    }

    [Fact]
    public async Task An_unchanged_dashboard_revalidates_through_the_gateway_as_304_with_its_ETag()
    {
        // monalisa (whose selection the browser tests leave alone) and octo-org/octo-repo, whose owner has the app installed.
        using var monalisa = await GatewaySession.SignInAsync(fixture.GatewayUrl, "monalisa");
        await GatewaySession.SelectAsync(monalisa, "octo-org/octo-repo");

        // Once the repository is backfilled, the dashboard comes from the read model with an ETag. The read model raises
        // the repository's counter just after it writes (the backfill's mark, a run), so an ETag read in between rightly turns
        // once more: ask again until a revalidation matches; one that never does fails here.
        System.Net.Http.Headers.EntityTagHeaderValue? etag = null;
        HttpResponseMessage? revalidated = null;
        await ActionsDashboard.TestInfrastructure.Eventually.UntilAsync(async () =>
        {
            using var response = await monalisa.GetAsync("/api/dashboard");
            etag = response.StatusCode == HttpStatusCode.OK ? response.Headers.ETag : null;
            if (etag is null)
            {
                return false;
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard");
            request.Headers.IfNoneMatch.Add(etag);
            revalidated?.Dispose();
            revalidated = await monalisa.SendAsync(request);
            return revalidated.StatusCode == HttpStatusCode.NotModified;
        }, "for the dashboard to have an ETag that a revalidation through the gateway matches", TimeSpan.FromSeconds(60));

        using (revalidated)
        {
            Assert.Equal(HttpStatusCode.NotModified, revalidated!.StatusCode);
            Assert.Equal(etag, revalidated.Headers.ETag);
            Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task A_request_id_that_is_not_safe_is_replaced()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.GatewayUrl, "/auth/session"));
        request.Headers.TryAddWithoutValidation("X-Request-ID", "bad id\twith spaces");

        using var response = await fixture.Http.SendAsync(request);

        var id = response.Headers.GetValues("X-Request-ID").Single();
        Assert.NotEqual("bad id\twith spaces", id);
        Assert.NotEmpty(id);
    }

    [Theory]
    [InlineData("gateway")]
    [InlineData("auth-api")]
    [InlineData("githubproxy-api")]
    [InlineData("webhooks-api")]
    [InlineData("realtime-hub")]
    [InlineData("web")]
    public async Task Every_service_answers_health_and_alive(string service)
    {
        var health = JsonNode.Parse(await fixture.Http.GetStringAsync(new Uri(fixture.ServiceUrl(service), "/health")))!;
        using var alive = await fixture.Http.GetAsync(new Uri(fixture.ServiceUrl(service), "/alive"));

        Assert.Equal("Healthy", (string?)health["status"]);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }
}
