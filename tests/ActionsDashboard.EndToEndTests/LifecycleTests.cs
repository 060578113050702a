using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActionsDashboard.EndToEndTests;

[Collection(AppHostCollection.Name)]
public class LifecycleTests(AppHostFixture fixture)
{
    [Fact]
    public async Task Every_resource_is_running_and_healthy_with_the_servers_as_local_processes()
    {
        // Waited for, not read once: another test here stops Redis for a while, and health is polled.
        foreach (var name in AppHostFixture.Names(fixture.App))
        {
            var resource = await fixture.WaitForAsync(name, e => e.Snapshot.State?.Text == KnownResourceStates.Running
                && e.Snapshot.HealthStatus == HealthStatus.Healthy, TimeSpan.FromSeconds(90));
            Assert.Equal(name, resource.Resource.Name);
        }

        // The servers' files are under the data folder the AppHost was given.
        Assert.True(File.Exists(Path.Combine(fixture.DataPath, "postgres", "data", "PG_VERSION")));
        Assert.True(File.Exists(Path.Combine(fixture.DataPath, "secrets.json")));
    }

    [Fact]
    public async Task A_service_that_exits_shows_as_exited_and_the_dashboards_start_command_brings_it_back()
    {
        // SIGTERM, as a crash-free exit: the orchestrator runs projects through `dotnet run`, which passes it on.
        Assert.True(Signal(ProcessId("web"), "TERM"));

        var exited = await fixture.WaitForAsync("web", e => e.Snapshot.State?.Text is "Exited" or "Finished");
        Assert.NotNull(exited.Snapshot.ExitCode);
        var result = await fixture.App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync("web", KnownResourceCommands.StartCommand);

        Assert.True(result.Success, result.Message);
        await fixture.WaitForAsync("web", e => e.Snapshot.State?.Text == KnownResourceStates.Running
            && e.Snapshot.HealthStatus == HealthStatus.Healthy, TimeSpan.FromSeconds(90));
        using var response = await fixture.Http.GetAsync(fixture.GatewayUrl);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
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
            // The orchestrator's name of the parent: the resource name with a suffix of its own.
            Assert.StartsWith("postgres", (string?)resource.Snapshot.Properties.Single(p => p.Name == "resource.parentName").Value);
            Assert.Equal(KnownResourceStates.Running, resource.Snapshot.State?.Text);
        }
    }

    private int ProcessId(string resource)
    {
        Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState(resource, out var state));
        // An executable's own pid; for a project, the `dotnet run` that runs it.
        var pid = state.Snapshot.Properties.First(p => p.Name is "executable.pid" or "project.pid" || p.Name.EndsWith(".pid", StringComparison.Ordinal)).Value;
        return Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode == 0;
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition) =>
        Eventually.UntilAsync(condition, "for the condition to hold", TimeSpan.FromSeconds(60));
}
