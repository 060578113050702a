using ActionsDashboard.TestInfrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Hub.FunctionalTests.Infrastructure;
using Realtime.Hub.Model;
using Realtime.Hub.Services;

namespace Realtime.Hub.FunctionalTests;

/// <summary>Clients that stop reading: each has its own bounded queue, so they delay no one else and are closed.</summary>
[Collection(RealtimeCollection.Name)]
public sealed class SlowClientTests(RealtimeFixture fixture)
{
    private const int Stalled = 50;
    private const int EventCount = 300;

    [Fact]
    public async Task Fifty_connections_that_never_read_do_not_hold_up_a_normal_clients_events_and_are_closed()
    {
        // The queue (1,024 by default) holds the whole burst, so the stalled ones are closed by the send timeout: 20 s,
        // twice what the normal client is given to receive everything.
        // The connection caps are raised: this is about clients that stall, not about how many one user may open.
        await using var hub = await fixture.StartHubAsync(new Dictionary<string, string?>
        {
            ["Realtime:SendTimeout"] = "00:00:20",
            ["Realtime:MaxConnectionsPerSession"] = "100",
            ["Realtime:MaxConnectionsPerUser"] = "100",
        });
        var user = TestUser.New();
        var repository = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository], selected: [repository]);
        await using var normal = await HubTestClient.ConnectAsync(hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);
        await normal.WaitForInvocationAsync("subscriptionsChanged");

        var stalled = new List<StalledHubClient>();
        try
        {
            for (var i = 0; i < Stalled; i++)
            {
                stalled.Add(await StalledHubClient.ConnectAsync(hub.Url, fixture.TokenFor(user)));
            }

            var registry = hub.Services.GetRequiredService<ConnectionRegistry>();
            await Eventually.WaitForAsync(() => Task.FromResult(registry.SubscribersOf(RepositoryNames.Key(repository)).Count()), n => n == Stalled + 1,
                TimeSpan.FromSeconds(30), "for every connection to follow the repository");

            // 300 runs with 32 KB titles: far more than a stalled socket's buffers take. Before each connection had its
            // own queue, dispatching then waited on the stalled ones for the whole send timeout.
            var title = new string('x', 32 * 1024);
            for (var runId = 1; runId <= EventCount; runId++)
            {
                await fixture.PublishAsync(Events.Run(repository, runId) with { DisplayTitle = title });
            }

            var last = await normal.WaitForInvocationAsync("run", message => (long?)message["run"]?["id"] == EventCount, TimeSpan.FromSeconds(10));
            Assert.Equal(title, (string?)last["run"]!["displayTitle"]);
            Assert.Equal(EventCount, normal.Invocations("run").Count);

            // The stalled ones were closed as too slow; the normal client is still connected.
            await Eventually.WaitForAsync(() => Task.FromResult(registry.Count), count => count == 1, TimeSpan.FromSeconds(40),
                "for the stalled connections to be closed");
            Assert.False(normal.Closed.IsCompleted);
        }
        finally
        {
            foreach (var client in stalled)
            {
                await client.DisposeAsync();
            }
        }
    }
}
