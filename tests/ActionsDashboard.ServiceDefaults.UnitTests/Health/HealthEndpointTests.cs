using System.Net;
using System.Text.Json;
using ActionsDashboard.ServiceDefaults.UnitTests.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ActionsDashboard.ServiceDefaults.UnitTests.Health;

public sealed class HealthEndpointTests : IAsyncLifetime
{
    private WebApplication? _app;
    private int _databaseCheckRuns;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Health_reports_every_check_as_json_with_status_durations_descriptions_and_tags()
    {
        var client = await StartAsync(checks => checks.AddCheck(
            "database", () => HealthCheckResult.Healthy("reachable"), tags: ["ready"]));

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal("Healthy", root.GetProperty("status").GetString());
        Assert.True(TimeSpan.TryParse(root.GetProperty("totalDuration").GetString(), out _));
        var self = root.GetProperty("entries").GetProperty("self");
        Assert.Equal("Healthy", self.GetProperty("status").GetString());
        Assert.True(TimeSpan.TryParse(self.GetProperty("duration").GetString(), out _));
        Assert.Equal(JsonValueKind.Null, self.GetProperty("description").ValueKind);
        Assert.Equal(["live"], self.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()));
        var database = root.GetProperty("entries").GetProperty("database");
        Assert.Equal("reachable", database.GetProperty("description").GetString());
        Assert.Equal(["ready"], database.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()));
    }

    [Fact]
    public async Task Health_returns_503_and_names_the_failing_check()
    {
        var client = await StartAsync(checks => checks.AddCheck(
            "database", () => HealthCheckResult.Unhealthy("database is down")));

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", body.RootElement.GetProperty("status").GetString());
        var database = body.RootElement.GetProperty("entries").GetProperty("database");
        Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
        Assert.Equal("database is down", database.GetProperty("description").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("entries").GetProperty("self").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Alive_runs_only_live_checks_so_a_failing_readiness_check_leaves_it_healthy()
    {
        var client = await StartAsync(checks => checks.AddCheck("database", () =>
        {
            Interlocked.Increment(ref _databaseCheckRuns);
            return HealthCheckResult.Unhealthy("database is down");
        }));

        var response = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(["self"], body.RootElement.GetProperty("entries").EnumerateObject().Select(entry => entry.Name));
        Assert.Equal(0, _databaseCheckRuns);
    }

    [Fact]
    public async Task Health_endpoints_answer_without_authentication_when_everything_else_requires_it()
    {
        var client = await StartAsync(
            configureServices: services =>
            {
                services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
                    .AddCookie(options => options.Events.OnRedirectToLogin = context =>
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return Task.CompletedTask;
                    });
                services.AddAuthorization(options =>
                    options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
            },
            configureApp: app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
                app.MapGet("/private", () => "secret");
            });

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/private")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
    }

    private async Task<HttpClient> StartAsync(
        Action<IHealthChecksBuilder>? addChecks = null,
        Action<IServiceCollection>? configureServices = null,
        Action<WebApplication>? configureApp = null)
    {
        var builder = TestApps.CreateBuilder();
        builder.AddServiceDefaults();
        addChecks?.Invoke(builder.Services.AddHealthChecks());
        configureServices?.Invoke(builder.Services);
        _app = builder.Build();
        configureApp?.Invoke(_app);
        _app.MapDefaultEndpoints();
        await _app.StartAsync();
        return _app.GetTestClient();
    }
}
