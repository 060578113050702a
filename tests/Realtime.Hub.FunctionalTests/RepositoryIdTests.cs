using ActionsDashboard.TestInfrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Realtime.Hub.FunctionalTests.Infrastructure;

namespace Realtime.Hub.FunctionalTests;

/// <summary>
/// A name is not an identity: a repository can be deleted and re-created, or transferred and its name reused, as another
/// repository (another GitHub id). A live event reaches a connection only when it carries the id the user's access list
/// has for the event's repository name.
/// </summary>
[Collection(RealtimeCollection.Name)]
public sealed class RepositoryIdTests(RealtimeFixture fixture)
{
    [Fact]
    public async Task Events_about_another_repository_of_the_same_name_are_neither_sent_nor_replayed()
    {
        var user = TestUser.New();
        var repository = Events.NewRepository();
        var granted = Events.RepositoryId(repository);
        var other = granted + 1;
        fixture.AccessLists.Set(user.Id, [repository]);
        await using var socket = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);
        await socket.WaitForInvocationAsync("subscriptionsChanged", m => m["repositories"]!.AsArray().Count == 1);
        string lastSeen;
        await using (var first = await EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}"))
        {
            await fixture.PublishAsync(Events.Run(repository, runId: 1));
            lastSeen = (await first.NextAsync()).Id!;
        }

        await using var stream = await EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}");
        // Published in this order: had the other repository's events been delivered, they would have arrived first.
        await fixture.PublishAsync(Events.Run(repository, runId: 2) with { Repository = Events.Repository(repository, other) });
        await fixture.PublishAsync(Events.Push(repository) with { Repository = Events.Repository(repository, other) });
        await fixture.PublishAsync(Events.Run(repository, runId: 3));

        Assert.Equal(3L, (long)(await stream.NextAsync()).Json["run"]!["id"]!);
        Assert.Empty(await stream.DrainAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Equal([1L, 3L], (await Eventually.WaitForAsync(() => Task.FromResult(socket.Invocations("run")), runs => runs.Count >= 2,
            TimeSpan.FromSeconds(10), "for the runs over SignalR")).Select(r => (long)r["run"]!["id"]!));
        Assert.Empty(socket.Invocations("push"));

        // Resuming after the first event replays what this repository had since, and nothing of the other.
        await using var resumed = await EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}", lastSeen);
        Assert.Equal(3L, (long)(await resumed.NextAsync()).Json["run"]!["id"]!);
        Assert.Empty(await resumed.DrainAsync(TimeSpan.FromMilliseconds(300)));
        Assert.DoesNotContain(resumed.Comments, c => c.StartsWith("resume-gap", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_name_the_access_list_now_has_under_another_id_is_dropped_until_subscribed_again()
    {
        var user = TestUser.New();
        var repository = Events.NewRepository();
        var before = Events.RepositoryId(repository);
        var after = before + 1;
        fixture.AccessLists.Set(user.Id, [repository]);
        await using var client = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);
        await client.WaitForInvocationAsync("subscriptionsChanged", m => m["repositories"]!.AsArray().Count == 1);

        // Deleted and re-created: the same name, another repository. The hub's re-check drops the old subscription.
        fixture.AccessLists.Set(user.Id, [repository], ids: new Dictionary<string, long> { [repository] = after });
        await client.WaitForInvocationAsync("subscriptionsChanged", m => m["repositories"]!.AsArray().Count == 0, TimeSpan.FromSeconds(10));
        await fixture.PublishAsync(Events.Run(repository, runId: 1));
        await fixture.PublishAsync(Events.Run(repository, runId: 2) with { Repository = Events.Repository(repository, after) });
        await Task.Delay(300);
        Assert.Empty(client.Invocations("run"));

        // Subscribing again follows the repository the name is now, and only that one.
        var result = (await client.InvokeAsync("Subscribe", (object)new[] { repository }))!.AsObject();
        Assert.Equal([repository], result["subscribed"]!.AsArray().Select(r => (string)r!));
        await fixture.PublishAsync(Events.Run(repository, runId: 3));
        await fixture.PublishAsync(Events.Run(repository, runId: 4) with { Repository = Events.Repository(repository, after) });
        Assert.Equal(4L, (long)(await client.WaitForInvocationAsync("run"))["run"]!["id"]!);
        await Task.Delay(300);
        Assert.Single(client.Invocations("run"));
    }
}
