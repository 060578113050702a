using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ActionsDashboard.EndToEndTests;

/// <summary>A server binary the machine lacks: that resource fails to start with the install command in its log,
/// the services that wait for it keep waiting, and the AppHost itself goes on.</summary>
[Collection(AppHostCollection.Name)]
public class MissingServerTests
{
    [Fact]
    public async Task A_missing_redis_binary_fails_its_resource_with_the_install_command_and_its_dependents_wait()
    {
        var data = Directory.CreateTempSubdirectory("apphost-missing-");
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ActionsDashboard_AppHost>(
                [$"--AppHost:DataPath={data.FullName}", "--AppHost:GatewayPort=0", "--AppHost:Servers=Processes",
                 "--LocalServers:Binaries:redis-server=/nonexistent/bin/redis-server"],
                (options, _) => options.DisableDashboard = true);
            await using var app = await builder.BuildAsync();
            using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout);
            // Start does not return while resources wait (here: for ever), so it runs beside the checks.
            var starting = app.StartAsync(timeout.Token);

            await app.ResourceNotifications.WaitForResourceAsync("redis", KnownResourceStates.FailedToStart, timeout.Token);
            // Things that do not need Redis still come up; what needs it waits instead of failing.
            await app.ResourceNotifications.WaitForResourceHealthyAsync("webhooks-api", timeout.Token);
            foreach (var waiting in new[] { "auth-api", "githubproxy-api", "gateway" })
            {
                Assert.True(app.ResourceNotifications.TryGetCurrentState(waiting, out var state));
                Assert.Equal($"{waiting}: {KnownResourceStates.Waiting}", $"{waiting}: {state.Snapshot.State?.Text}");
            }

            // What the dashboard shows as the resource's console (kept in memory for whoever looks later).
            var redis = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "redis");
            var logs = new List<string>();
            await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(redis).WithCancellation(timeout.Token))
            {
                logs.AddRange(batch.Select(l => l.Content));
            }

            Assert.Contains(logs, l => l.Contains("sudo apt-get install -y redis-server", StringComparison.Ordinal));
            await timeout.CancelAsync();
            await Task.WhenAny(starting);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
