using ActionsDashboard.TestInfrastructure;
using ActionsDashboard.IntegrationEvents;
using Microsoft.AspNetCore.Http.Connections;
using Realtime.Hub.FunctionalTests.Infrastructure;

namespace Realtime.Hub.FunctionalTests;

/// <summary>Sessions ending, access withdrawn, resume over SignalR, scale-out, lifetime and shutdown.</summary>
[Collection(RealtimeCollection.Name)]
public sealed class LifecycleTests(RealtimeFixture fixture)
{
    [Fact]
    public async Task SessionEnded_closes_that_sessions_streams_and_sockets_and_no_other()
    {
        var user = TestUser.New();
        var otherBrowser = user.AnotherSession();
        var repository = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository]);
        var stream = await EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}");
        await using var _ = stream;
        await using var socket = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);
        await using var polling = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.LongPolling);
        await using var survivor = await EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(otherBrowser), $"/events?repo={repository}");
        await socket.WaitForInvocationAsync("subscriptionsChanged");

        await fixture.PublishAsync(new SessionEnded { SessionHash = user.SessionHash, UserId = user.Id, Reason = SessionEndReasons.SignedOut });

        await stream.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        await socket.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        await polling.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        await fixture.PublishAsync(Events.Run(repository));
        Assert.Equal(repository, (string?)(await survivor.NextAsync()).Json["repository"]);
    }

    [Fact]
    public async Task A_connection_opened_for_a_session_that_already_ended_is_refused()
    {
        // The gateway caches sessions briefly, so a browser reconnecting at once can still reach the hub.
        var user = TestUser.New();
        var otherBrowser = user.AnotherSession();
        var repository = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository]);
        await using (var before = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets))
        {
            await before.WaitForInvocationAsync("subscriptionsChanged");
            await fixture.PublishAsync(new SessionEnded { SessionHash = user.SessionHash, UserId = user.Id, Reason = SessionEndReasons.Replaced });
            await before.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        }

        await using var reconnected = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);
        await reconnected.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(reconnected.Invocations("subscriptionsChanged"));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() =>
            EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);

        // The user's other session is not affected.
        await using var survivor = await EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(otherBrowser), $"/events?repo={repository}");
        await fixture.PublishAsync(Events.Run(repository));
        Assert.Equal(repository, (string?)(await survivor.NextAsync()).Json["repository"]);
    }

    [Fact]
    public async Task Repositories_withdrawn_from_the_access_list_are_dropped_from_live_connections()
    {
        var user = TestUser.New();
        var kept = Events.NewRepository();
        var withdrawn = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [kept, withdrawn]);
        await using var client = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);
        await client.WaitForInvocationAsync("subscriptionsChanged", m => m["repositories"]!.AsArray().Count == 2);
        await using var stream = await EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(user), $"/events?repo={withdrawn}&repo={kept}");

        fixture.AccessLists.Set(user.Id, [kept]);
        var changed = await client.WaitForInvocationAsync("subscriptionsChanged", m => m["repositories"]!.AsArray().Count == 1,
            TimeSpan.FromSeconds(10));
        Assert.Equal(kept, (string?)changed["repositories"]![0]);

        await fixture.PublishAsync(Events.Run(withdrawn, runId: 1));
        await fixture.PublishAsync(Events.Run(kept, runId: 2));
        Assert.Equal(2L, (long)(await client.WaitForInvocationAsync("run"))["run"]!["id"]!);
        Assert.Single(client.Invocations("run"));
        // The stream's recheck ran in the same pass (the SignalR notice above came after it or with it).
        Assert.Equal(kept, (string?)(await stream.NextAsync()).Json["repository"]);
    }

    [Fact]
    public async Task An_access_list_past_its_age_limit_closes_the_users_connections_and_grants_nothing_new()
    {
        await using var hub = await fixture.StartHubAsync(new Dictionary<string, string?> { ["Realtime:AccessRecheckInterval"] = "00:00:01" });
        var user = TestUser.New();
        var repository = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository]);
        await using var stream = await EventStreamClient.OpenAsync(hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}");
        await using var socket = await HubTestClient.ConnectAsync(hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);
        await socket.WaitForInvocationAsync("subscriptionsChanged");

        // Nobody refreshed the list through /api within its age limit: both transports end at the next re-check.
        fixture.AccessLists.Expire(user.Id);
        await stream.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        await socket.Closed.WaitAsync(TimeSpan.FromSeconds(10));

        // A new stream is granted nothing while it stays expired; once /api refreshed it, the repository is followed again.
        await using (var meanwhile = await EventStreamClient.OpenAsync(hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}"))
        {
            await meanwhile.WaitForCommentAsync($"refused {repository}", TimeSpan.FromSeconds(10));
        }

        fixture.AccessLists.Set(user.Id, [repository]);
        await using var after = await EventStreamClient.OpenAsync(hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}");
        await after.WaitForCommentAsync($"subscribed {repository}", TimeSpan.FromSeconds(10));
        await fixture.PublishAsync(Events.Run(repository));
        Assert.Equal(repository, (string?)(await after.NextAsync()).Json["repository"]);
    }

    [Fact]
    public async Task A_signalr_client_reconnecting_with_lastEventId_gets_what_it_missed_once()
    {
        var user = TestUser.New();
        var repository = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository]);
        string lastSeen;
        await using (var first = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets))
        {
            await first.WaitForInvocationAsync("subscriptionsChanged");
            await fixture.PublishAsync(Events.Run(repository, runId: 1));
            lastSeen = (string)(await first.WaitForInvocationAsync("run"))["eventId"]!;
        }

        await using (var witness = await EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}"))
        {
            await fixture.PublishAsync(Events.Run(repository, runId: 2));
            await fixture.PublishAsync(Events.Run(repository, runId: 3));
            await witness.NextAsync();
            await witness.NextAsync();
        }

        await using var resumed = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets,
            query: $"lastEventId={lastSeen}");
        await resumed.WaitForInvocationAsync("run", m => (long)m["run"]!["id"]! == 3);
        await fixture.PublishAsync(Events.Run(repository, runId: 4));
        await resumed.WaitForInvocationAsync("run", m => (long)m["run"]!["id"]! == 4);
        // No duplicate may follow: an absence cannot be awaited, so a short quiet period.
        await Task.Delay(200);
        Assert.Equal([2L, 3L, 4L], resumed.Invocations("run").Select(m => (long)m["run"]!["id"]!));
    }

    [Theory]
    [InlineData("1")] // older than anything this instance gave out (another instance's, or a previous life's)
    [InlineData("not-an-id")]
    public async Task A_signalr_client_resuming_from_an_id_the_hub_cannot_answer_is_told_to_reload_before_live_events(string lastEventId)
    {
        var user = TestUser.New();
        var repository = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository]);

        await using var resumed = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets,
            query: $"lastEventId={lastEventId}");
        await resumed.WaitForInvocationAsync("resumeGap");
        await fixture.PublishAsync(Events.Run(repository, runId: 7));
        await resumed.WaitForInvocationAsync("run", m => (long)m["run"]!["id"]! == 7);

        Assert.Single(resumed.Invocations("resumeGap"));
        Assert.False(string.IsNullOrEmpty((string?)resumed.Invocations("resumeGap")[0]["message"]));
    }

    [Fact]
    public async Task A_signalr_client_resuming_from_an_id_the_buffer_holds_gets_no_reload_notice()
    {
        var user = TestUser.New();
        var repository = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository]);
        string lastSeen;
        await using (var first = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets))
        {
            await first.WaitForInvocationAsync("subscriptionsChanged");
            await fixture.PublishAsync(Events.Run(repository, runId: 1));
            lastSeen = (string)(await first.WaitForInvocationAsync("run"))["eventId"]!;
        }

        await using var resumed = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets,
            query: $"lastEventId={lastSeen}");
        await resumed.WaitForInvocationAsync("subscriptionsChanged");
        await fixture.PublishAsync(Events.Run(repository, runId: 2));
        await resumed.WaitForInvocationAsync("run", m => (long)m["run"]!["id"]! == 2);

        Assert.Empty(resumed.Invocations("resumeGap"));
    }

    [Fact]
    public async Task Two_hub_instances_both_deliver_every_event()
    {
        await using var second = await fixture.StartHubAsync();
        var user = TestUser.New();
        var repository = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository]);
        await using var onFirst = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);
        await using var onSecond = await HubTestClient.ConnectAsync(second.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);
        await using var streamOnSecond = await EventStreamClient.OpenAsync(second.Url, () => fixture.TokenFor(user), $"/events?repo={repository}");
        await onFirst.WaitForInvocationAsync("subscriptionsChanged");
        await onSecond.WaitForInvocationAsync("subscriptionsChanged");

        await fixture.PublishAsync(Events.Run(repository));

        await onFirst.WaitForInvocationAsync("run");
        await onSecond.WaitForInvocationAsync("run");
        Assert.Equal("run", (await streamOnSecond.NextAsync()).Event);
    }

    [Fact]
    public async Task Connections_older_than_the_maximum_lifetime_are_closed()
    {
        await using var hub = await fixture.StartHubAsync(new Dictionary<string, string?> { ["Realtime:MaxConnectionLifetime"] = "00:00:02" });
        var user = TestUser.New();
        fixture.AccessLists.Set(user.Id, []);
        await using var stream = await EventStreamClient.OpenAsync(hub.Url, () => fixture.TokenFor(user));
        await using var socket = await HubTestClient.ConnectAsync(hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);

        await stream.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        await socket.Closed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Shutting_down_closes_open_streams_promptly()
    {
        var hub = await fixture.StartHubAsync();
        var user = TestUser.New();
        fixture.AccessLists.Set(user.Id, []);
        await using var stream = await EventStreamClient.OpenAsync(hub.Url, () => fixture.TokenFor(user));
        await using var socket = await HubTestClient.ConnectAsync(hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await hub.DisposeAsync();
        await stream.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        await socket.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"shutdown took {stopping.Elapsed}");
    }
}
