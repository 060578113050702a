using System.Net;
using ActionsDashboard.TestInfrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Realtime.Hub.FunctionalTests.Infrastructure;

namespace Realtime.Hub.FunctionalTests;

/// <summary>Live connections are capped per session and per user, on both transports.</summary>
[Collection(RealtimeCollection.Name)]
public sealed class ConnectionLimitTests(RealtimeFixture fixture)
{
    [Fact]
    public async Task A_session_and_a_user_may_hold_only_so_many_live_connections()
    {
        await using var hub = await fixture.StartHubAsync(new Dictionary<string, string?>
        {
            ["Realtime:MaxConnectionsPerSession"] = "2",
            ["Realtime:MaxConnectionsPerUser"] = "3",
        });
        var user = TestUser.New();
        var secondBrowser = user.AnotherSession();
        var thirdBrowser = user.AnotherSession();
        var repository = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository], selected: [repository]);

        await using var first = await EventStreamClient.OpenAsync(hub.Url, () => fixture.TokenFor(user));
        await using var second = await HubTestClient.ConnectAsync(hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);
        await second.WaitForInvocationAsync("subscriptionsChanged");

        // A third in the same session: refused on either transport, with a reason a person can act on.
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => EventStreamClient.OpenAsync(hub.Url, () => fixture.TokenFor(user)));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        await using (var socket = await HubTestClient.ConnectAsync(hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets))
        {
            await socket.Closed.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Contains("already has 2 live connections", socket.CloseError, StringComparison.Ordinal);
        }

        // Another session of the same user gets one more (the user's third); a third session is over the user's cap.
        await using var elsewhere = await EventStreamClient.OpenAsync(hub.Url, () => fixture.TokenFor(secondBrowser));
        var overUser = await Assert.ThrowsAsync<HttpRequestException>(() => EventStreamClient.OpenAsync(hub.Url, () => fixture.TokenFor(thirdBrowser)));
        Assert.Equal(HttpStatusCode.TooManyRequests, overUser.StatusCode);

        // The refused ones left no trace: the admitted ones still get events.
        await fixture.PublishAsync(Events.Run(repository));
        Assert.Equal(repository, (string?)(await first.NextAsync()).Json["repository"]);
        await second.WaitForInvocationAsync("run");
    }
}
