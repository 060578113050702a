using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ActionsDashboard.Hosting.Orchestration;

namespace ActionsDashboard.EndToEndTests;

[Collection(AppHostCollection.Name)]
public class LifecycleTests(AppHostFixture fixture)
{
    [Fact]
    public async Task A_killed_service_is_restarted_and_serves_again()
    {
        var before = fixture.App.ResourceNotifications.Get("auth-api");
        Assert.NotNull(before.ProcessId);

        Process.GetProcessById(before.ProcessId!.Value).Kill();

        var exited = await fixture.WaitForAsync("auth-api", s => s.State == ResourceState.Exited);
        Assert.NotNull(exited.ExitCode);
        var running = await fixture.WaitForAsync("auth-api", s => s.State == ResourceState.Running && s.RestartCount > before.RestartCount);
        Assert.NotEqual(before.ProcessId, running.ProcessId);
        using var response = await fixture.Http.GetAsync(new Uri(fixture.GatewayUrl, "/auth/session"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Health_turns_unhealthy_while_a_server_is_down_and_recovers()
    {
        var redis = fixture.App.ResourceNotifications.Get("redis");
        // SIGSTOP freezes Redis without ending it, so nothing restarts it behind the test's back.
        Assert.True(Signal(redis.ProcessId!.Value, "STOP"));
        try
        {
            await fixture.WaitForAsync("redis", s => s.State == ResourceState.Unhealthy);
            await WaitUntilAsync(async () => (await fixture.Http.GetAsync(new Uri(fixture.ServiceUrl("gateway"), "/health"))).StatusCode == HttpStatusCode.ServiceUnavailable);
            var health = JsonNode.Parse(await fixture.Http.GetStringAsync(new Uri(fixture.ServiceUrl("gateway"), "/alive")))!;
            Assert.Equal("Healthy", (string?)health["status"]);
        }
        finally
        {
            Signal(redis.ProcessId!.Value, "CONT");
        }

        await fixture.WaitForAsync("redis", s => s.State == ResourceState.Running);
        await WaitUntilAsync(async () => (await fixture.Http.GetAsync(new Uri(fixture.ServiceUrl("gateway"), "/health"))).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Dashboard_asks_for_its_token_then_lists_every_resource_with_state_and_console()
    {
        var dashboard = new Uri(fixture.App.DashboardUrl!);
        using var anonymous = await fixture.Http.GetAsync(new Uri(dashboard, "/api/resources"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var cookies = new CookieContainer();
        using var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, UseProxy = false });
        using var page = await browser.GetAsync(fixture.App.DashboardLoginUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("ActionsDashboard · AppHost", await page.Content.ReadAsStringAsync());

        var resources = JsonNode.Parse(await browser.GetStringAsync(new Uri(dashboard, "/api/resources")))!.AsArray();
        Assert.Equal(13, resources.Count);
        var gateway = resources.Single(r => (string?)r!["name"] == "gateway")!;
        Assert.Contains((string?)gateway["state"], new[] { "Running", "Unhealthy" });
        Assert.Contains(fixture.GatewayUrl.ToString().TrimEnd('/'), gateway["endpoints"]!.AsArray().Select(e => (string?)e));
        Assert.Contains(gateway["healthReports"]!.AsArray(), h => (string?)h!["name"] == "redis");

        var logs = JsonNode.Parse(await browser.GetStringAsync(new Uri(dashboard, "/api/resources/postgres/logs")))!.AsArray();
        Assert.Contains(logs, l => ((string?)l!["text"])?.Contains("ready to accept connections", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Dashboard_refuses_a_wrong_token()
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, UseProxy = false });

        using var page = await browser.GetAsync(new Uri(new Uri(fixture.App.DashboardUrl!), "/login?t=not-the-token"));
        using var api = await browser.GetAsync(new Uri(new Uri(fixture.App.DashboardUrl!), "/api/resources"));

        Assert.Contains("not valid", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    private static bool Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString()]);
        kill.WaitForExit();
        return kill.ExitCode == 0;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 60 s.");
            await Task.Delay(200);
        }
    }
}
