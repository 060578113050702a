using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gateway.UnitTests;

/// <summary>The gateway's routing table against real loopback backends standing in for each service.</summary>
public sealed class GatewayRoutesTests : IAsyncLifetime
{
    private readonly Dictionary<string, WebApplication> _backends = [];
    private WebApplicationFactory<Program> _gateway = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:redis"] = "127.0.0.1:1,password=unused" };
        foreach (var service in new[] { "auth-api", "githubproxy-api", "webhooks-api", "realtime-hub", "alerts", "web" })
        {
            var backend = WebApplication.CreateSlimBuilder();
            backend.WebHost.UseUrls("http://127.0.0.1:0");
            var app = backend.Build();
            app.Run(context =>
            {
                context.Response.Headers["X-Backend"] = service;
                context.Response.Headers["X-Seen-Path"] = context.Request.Path.Value;
                context.Response.Headers["X-Seen-Forwarded-Host"] = context.Request.Headers["X-Forwarded-Host"].ToString();
                context.Response.Headers["X-Seen-Request-Id"] = context.Request.Headers["X-Request-ID"].ToString();
                return Task.CompletedTask;
            });
            await app.StartAsync();
            _backends[service] = app;
            settings[$"services:{service}:http:0"] = app.Urls.Single();
        }

        // UseSetting, unlike ConfigureAppConfiguration, is visible while Program registers its services.
        _gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }

            SignedIn.Configure(b);
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        foreach (var backend in _backends.Values)
        {
            await backend.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("/auth/github", "auth-api")]
    [InlineData("/auth/callback?code=x", "auth-api")]
    [InlineData("/api/repos/octo-org/octo-repo/runs", "githubproxy-api")]
    [InlineData("/api/alerts/rules", "alerts")]
    [InlineData("/api/alerts/deliveries", "alerts")]
    [InlineData("/api/alertsx", "githubproxy-api")]
    [InlineData("/webhooks/github", "webhooks-api")]
    [InlineData("/ws", "realtime-hub")]
    [InlineData("/ws/negotiate", "realtime-hub")]
    [InlineData("/events", "realtime-hub")]
    [InlineData("/", "web")]
    [InlineData("/eventsource", "web")]
    [InlineData("/apis", "web")]
    [InlineData("/runs/octo-org/octo-repo/42", "web")]
    public async Task Each_path_goes_to_its_service_with_the_path_unchanged(string path, string service)
    {
        using var client = _gateway.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(service, response.Headers.GetValues("X-Backend").Single());
        Assert.Equal(path.Split('?')[0], response.Headers.GetValues("X-Seen-Path").Single());
        Assert.Equal("localhost", response.Headers.GetValues("X-Seen-Forwarded-Host").Single());
    }

    [Fact]
    public async Task Gateway_health_is_its_own_not_the_web_apps()
    {
        using var client = _gateway.CreateClient();

        using var response = await client.GetAsync("/alive");

        Assert.False(response.Headers.Contains("X-Backend"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Every_forwarded_request_carries_the_request_id_the_caller_sees()
    {
        using var client = _gateway.CreateClient();

        using var response = await client.GetAsync("/api/user");

        var seen = response.Headers.GetValues("X-Seen-Request-Id").Single();
        Assert.NotEmpty(seen);
        Assert.Equal(seen, response.Headers.GetValues("X-Request-ID").Single());
    }
}
