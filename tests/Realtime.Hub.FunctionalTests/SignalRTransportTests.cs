using ActionsDashboard.TestInfrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Realtime.Hub.FunctionalTests.Infrastructure;

namespace Realtime.Hub.FunctionalTests;

/// <summary>Events published on the bus reach SignalR clients on each of the three transports, in the contract's shapes.</summary>
[Collection(RealtimeCollection.Name)]
public sealed class SignalRTransportTests(RealtimeFixture fixture)
{
    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.ServerSentEvents)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task A_run_published_on_the_bus_reaches_a_client_following_its_selected_repository(HttpTransportType transport)
    {
        var user = TestUser.New();
        var repository = Events.NewRepository();
        var other = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository, other], selected: [repository]);
        await using var client = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), transport);

        // A new connection follows the selected repositories and is told so.
        var subscriptions = await client.WaitForInvocationAsync("subscriptionsChanged");
        Assert.Equal([repository], subscriptions["repositories"]!.AsArray().Select(r => (string)r!));

        var published = Events.Run(repository);
        await fixture.PublishAsync(published);

        var message = await client.WaitForInvocationAsync("run");
        Assert.Equal(repository, (string?)message["repository"]);
        Assert.False(string.IsNullOrEmpty((string?)message["eventId"]));
        var run = message["run"]!.AsObject();
        Assert.Equal(published.RunId, (long)run["id"]!);
        Assert.Equal(repository, (string?)run["repository"]);
        Assert.Equal("Build", (string?)run["workflowName"]);
        Assert.Equal("in_progress", (string?)run["status"]);
        Assert.Equal("octocat", (string?)run["actor"]!["login"]);
        Assert.Equal("2026-11-22T05:00:02Z", (string?)run["updatedAt"]);
        Assert.Equal([7L], run["pullRequests"]!.AsArray().Select(n => (long)n!));
        // Absent values are null, never omitted.
        Assert.True(run.ContainsKey("conclusion") && run["conclusion"] is null);
        Assert.True(run["actor"]!.AsObject().ContainsKey("avatarUrl"));
    }

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.ServerSentEvents)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task Subscribe_grants_only_repositories_in_the_access_list_and_refused_ones_receive_nothing(HttpTransportType transport)
    {
        var user = TestUser.New();
        var allowed = Events.NewRepository();
        var forbidden = Events.NewRepository("someone-else");
        fixture.AccessLists.Set(user.Id, [allowed], selected: []);
        await using var client = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), transport);

        var result = (await client.InvokeAsync("Subscribe", (object)new[] { allowed.ToUpperInvariant(), forbidden, "not a repo" }))!.AsObject();
        Assert.Equal([allowed], result["subscribed"]!.AsArray().Select(r => (string)r!));
        Assert.Equal([forbidden, "not a repo"], result["refused"]!.AsArray().Select(r => (string)r!));

        // Published in this order: had the forbidden one been delivered, it would have arrived first.
        await fixture.PublishAsync(Events.Push(forbidden));
        await fixture.PublishAsync(Events.Push(allowed));
        var push = await client.WaitForInvocationAsync("push");
        Assert.Equal(allowed, (string?)push["repository"]);
        Assert.Equal("acb5820ced9479c074f688cc328bf03f341a511d", (string?)push["headSha"]);
        // Nothing else may follow: an absence cannot be awaited, so a short quiet period.
        await Task.Delay(300);
        Assert.Single(client.Invocations("push"));
    }

    [Fact]
    public async Task SubscribeSelected_follows_a_selection_saved_after_the_access_list_was_cached()
    {
        // A cache long enough that only a fresh look-up can see the new selection.
        await using var hub = await fixture.StartHubAsync(new Dictionary<string, string?> { ["Realtime:AccessListCacheDuration"] = "00:10:00" });
        var user = TestUser.New();
        var first = Events.NewRepository();
        var added = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [first, added], selected: [first]);
        await using var client = await HubTestClient.ConnectAsync(hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);
        var initial = await client.WaitForInvocationAsync("subscriptionsChanged");
        Assert.Equal([first], initial["repositories"]!.AsArray().Select(r => (string)r!));

        // The browser saved a new selection (PUT /api/settings), then asks the hub to follow it.
        fixture.AccessLists.Set(user.Id, [first, added], selected: [first, added]);
        var result = (await client.InvokeAsync("SubscribeSelected"))!.AsObject();
        Assert.Equal(new[] { first, added }.Order(StringComparer.Ordinal),
            result["subscribed"]!.AsArray().Select(r => (string)r!).Order(StringComparer.Ordinal));

        await fixture.PublishAsync(Events.Push(added));
        var push = await client.WaitForInvocationAsync("push");
        Assert.Equal(added, (string?)push["repository"]);
    }

    [Fact]
    public async Task All_four_event_kinds_arrive_in_the_contract_shapes_and_unsubscribe_stops_them()
    {
        var user = TestUser.New();
        var repository = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository]);
        await using var client = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);
        await client.WaitForInvocationAsync("subscriptionsChanged");

        await fixture.PublishAsync(Events.Job(repository));
        await fixture.PublishAsync(Events.PullRequest(repository));
        var job = (await client.WaitForInvocationAsync("job"))["job"]!.AsObject();
        Assert.Equal(399444496L, (long)job["id"]!);
        Assert.Equal(30433642L, (long)job["runId"]!);
        Assert.Equal("Set up job", (string?)job["steps"]![0]!["name"]);
        Assert.Equal(["ubuntu-latest"], job["labels"]!.AsArray().Select(l => (string)l!));
        var pullRequest = await client.WaitForInvocationAsync("pullRequest");
        Assert.Equal(7L, (long)pullRequest["number"]!);
        Assert.Equal("opened", (string?)pullRequest["action"]);
        Assert.Equal("octocat", (string?)pullRequest["author"]);

        await client.InvokeAsync("Unsubscribe", (object)new[] { repository });
        await fixture.PublishAsync(Events.Run(repository));
        var witness = TestUser.New();
        fixture.AccessLists.Set(witness.Id, [repository]);
        await using var second = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(witness), HttpTransportType.WebSockets);
        await second.WaitForInvocationAsync("subscriptionsChanged");
        await fixture.PublishAsync(Events.Run(repository, runId: 2));
        await second.WaitForInvocationAsync("run", m => (long)m["run"]!["id"]! == 2);
        Assert.Empty(client.Invocations("run"));
    }

    [Fact]
    public async Task A_user_the_access_list_knows_nothing_about_is_refused_everything()
    {
        var user = TestUser.New();
        fixture.AccessLists.Forget(user.Id);
        await using var client = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);
        var subscriptions = await client.WaitForInvocationAsync("subscriptionsChanged");
        Assert.Empty(subscriptions["repositories"]!.AsArray());

        var result = (await client.InvokeAsync("Subscribe", (object)new[] { "octo-org/octo-repo" }))!.AsObject();
        Assert.Empty(result["subscribed"]!.AsArray());
        Assert.Equal(["octo-org/octo-repo"], result["refused"]!.AsArray().Select(r => (string)r!));
    }

    [Fact]
    public async Task Without_an_identity_token_negotiate_is_refused()
    {
        var exception = await Assert.ThrowsAsync<HttpRequestException>(() =>
            HubTestClient.ConnectAsync(fixture.Hub.Url, () => null, HttpTransportType.WebSockets));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, exception.StatusCode);
    }

    [Fact]
    public async Task A_token_minted_for_another_service_is_refused()
    {
        var user = TestUser.New();
        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => HubTestClient.ConnectAsync(fixture.Hub.Url,
            () => fixture.Tokens.Issue(new ActionsDashboard.Identity.InternalIdentity(user.Id, user.Login, user.SessionHash), "githubproxy-api"),
            HttpTransportType.WebSockets));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, exception.StatusCode);
    }

    [Fact]
    public async Task Subscriptions_beyond_the_per_connection_limit_are_refused()
    {
        var user = TestUser.New();
        var repositories = Enumerable.Range(0, 205).Select(_ => Events.NewRepository()).ToArray();
        fixture.AccessLists.Set(user.Id, repositories, selected: []);
        await using var client = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);

        var result = (await client.InvokeAsync("Subscribe", (object)repositories))!.AsObject();
        Assert.Equal(200, result["subscribed"]!.AsArray().Count);
        Assert.Equal(5, result["refused"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_message_over_the_size_limit_closes_the_connection()
    {
        var user = TestUser.New();
        fixture.AccessLists.Set(user.Id, []);
        await using var client = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);
        var huge = new string('a', 40 * 1024);
        await client.SendAsync("Subscribe", (object)new[] { huge });
        await client.Closed.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
