using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActionsDashboard.EndToEndTests;

[Collection(AppHostCollection.Name)]
public class LifecycleTests(AppHostFixture fixture)
{
    [Fact]
    public void Every_resource_is_running_and_healthy_with_the_servers_as_local_processes()
    {
        foreach (var name in AppHostFixture.Names(fixture.App))
        {
            Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState(name, out var resource), name);
            Assert.Equal(KnownResourceStates.Running, resource.Snapshot.State?.Text);
            Assert.Equal(HealthStatus.Healthy, resource.Snapshot.HealthStatus);
        }

        // The servers' files are under the data folder the AppHost was given.
        Assert.True(File.Exists(Path.Combine(fixture.DataPath, "postgres", "data", "PG_VERSION")));
        Assert.True(File.Exists(Path.Combine(fixture.DataPath, "secrets.json")));
    }

    [Fact]
    public async Task A_service_restarted_from_the_dashboard_command_serves_again()
    {
        Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState("auth-api", out var before));

        var result = await fixture.App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync("auth-api", KnownResourceCommands.RestartCommand);

        Assert.True(result.Success, result.Message);
        await fixture.WaitForAsync("auth-api", e => e.Snapshot.StartTimeStamp > before.Snapshot.StartTimeStamp
            && e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == HealthStatus.Healthy, TimeSpan.FromSeconds(90));
        using var response = await fixture.Http.GetAsync(new Uri(fixture.GatewayUrl, "/auth/session"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Health_turns_unhealthy_while_a_server_is_down_and_recovers()
    {
        var pid = ProcessId("redis");
        // SIGSTOP freezes Redis without ending it, so nothing restarts it behind the test's back.
        Assert.True(Signal(pid, "STOP"));
        try
        {
            await fixture.WaitForAsync("redis", e => e.Snapshot.HealthStatus == HealthStatus.Unhealthy);
            await WaitUntilAsync(async () => (await fixture.Http.GetAsync(new Uri(fixture.ServiceUrl("gateway"), "/health"))).StatusCode == HttpStatusCode.ServiceUnavailable);
            var health = JsonNode.Parse(await fixture.Http.GetStringAsync(new Uri(fixture.ServiceUrl("gateway"), "/alive")))!;
            Assert.Equal("Healthy", (string?)health["status"]);
        }
        finally
        {
            Signal(pid, "CONT");
        }

        await fixture.WaitForAsync("redis", e => e.Snapshot.HealthStatus == HealthStatus.Healthy);
        await WaitUntilAsync(async () => (await fixture.Http.GetAsync(new Uri(fixture.ServiceUrl("gateway"), "/health"))).IsSuccessStatusCode);
    }

    [Fact]
    public void The_databases_show_as_children_of_the_postgres_process()
    {
        foreach (var database in new[] { "authdb", "dashboarddb", "webhooksdb" })
        {
            Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState(database, out var resource));
            Assert.Equal("postgres", resource.Snapshot.Properties.Single(p => p.Name == CustomResourceKnownProperties.Source || p.Name == "resource.parentName").Value);
        }
    }

    private int ProcessId(string resource)
    {
        Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState(resource, out var state));
        var pid = state.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value;
        return Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
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
