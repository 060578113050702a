using System.Diagnostics;
using ActionsDashboard.TestInfrastructure;
using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Hub.Services;
using Realtime.Hub.FunctionalTests.Infrastructure;

namespace Realtime.Hub.FunctionalTests;

/// <summary>The plain Server-Sent Events stream at <c>/events</c>.</summary>
[Collection(RealtimeCollection.Name)]
public sealed class EventStreamTests(RealtimeFixture fixture)
{
    [Fact]
    public async Task Events_arrive_with_ids_names_and_one_line_of_json_behind_proxy_friendly_headers_with_heartbeats()
    {
        var user = TestUser.New();
        var repository = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository]);
        await using var stream = await EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}");

        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-cache", stream.Response.Headers.CacheControl!.ToString());
        Assert.Equal("no", stream.Response.Headers.GetValues("X-Accel-Buffering").Single());

        await fixture.PublishAsync(Events.Run(repository));
        await fixture.PublishAsync(Events.Job(repository));
        await fixture.PublishAsync(Events.Push(repository));
        await fixture.PublishAsync(Events.PullRequest(repository));
        var received = new[] { await stream.NextAsync(), await stream.NextAsync(), await stream.NextAsync(), await stream.NextAsync() };

        Assert.Equal(["run", "job", "push", "pullRequest"], received.Select(e => e.Event));
        foreach (var sse in received)
        {
            Assert.Equal(sse.Id, (string?)sse.Json["eventId"]);
            Assert.Equal(repository, (string?)sse.Json["repository"]);
            Assert.DoesNotContain('\n', sse.Data);
        }

        var ids = received.Select(e => long.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(30433642L, (long)received[0].Json["run"]!["id"]!);

        await stream.WaitForCommentAsync("heartbeat", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Without_repo_the_stream_follows_the_selected_repositories()
    {
        var user = TestUser.New();
        var selected = Events.NewRepository();
        var notSelected = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [selected, notSelected], selected: [selected]);
        await using var stream = await EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(user));

        await fixture.PublishAsync(Events.Run(notSelected));
        await fixture.PublishAsync(Events.Run(selected));
        var first = await stream.NextAsync();
        Assert.Equal(selected, (string?)first.Json["repository"]);
        Assert.Empty(await stream.DrainAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task A_repository_outside_the_access_list_is_refused_and_receives_nothing()
    {
        var user = TestUser.New();
        var allowed = Events.NewRepository();
        var forbidden = Events.NewRepository("someone-else");
        fixture.AccessLists.Set(user.Id, [allowed]);
        await using var stream = await EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(user), $"/events?repo={forbidden}&repo={allowed}");
        await stream.WaitForCommentAsync($"refused {forbidden}", TimeSpan.FromSeconds(5));

        await fixture.PublishAsync(Events.Run(forbidden));
        await fixture.PublishAsync(Events.Run(allowed));
        var first = await stream.NextAsync();
        Assert.Equal(allowed, (string?)first.Json["repository"]);
        Assert.Empty(await stream.DrainAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Malformed_repository_names_and_missing_identity_are_rejected_with_problem_details()
    {
        var user = TestUser.New();
        var malformed = await Assert.ThrowsAsync<HttpRequestException>(() =>
            EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(user), "/events?repo=-bad-/x"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        var anonymous = await Assert.ThrowsAsync<HttpRequestException>(() => EventStreamClient.OpenAsync(fixture.Hub.Url, () => null));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Resuming_with_the_last_event_id_gets_the_missed_events_exactly_once_then_live_ones(bool header)
    {
        var user = TestUser.New();
        var repository = Events.NewRepository();
        var noise = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository, noise]);
        string lastSeen;
        await using (var first = await EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}"))
        {
            await fixture.PublishAsync(Events.Run(repository, runId: 1));
            lastSeen = (await first.NextAsync()).Id!;
        }

        // While disconnected: two events of this repository, one of another; a witness stream shows they were dispatched.
        await using (var witness = await EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}"))
        {
            await fixture.PublishAsync(Events.Run(repository, runId: 2));
            await fixture.PublishAsync(Events.Run(noise, runId: 99));
            await fixture.PublishAsync(Events.Run(repository, runId: 3));
            await witness.NextAsync();
            await witness.NextAsync();
        }

        var path = header ? $"/events?repo={repository}" : $"/events?repo={repository}&lastEventId={lastSeen}";
        await using var resumed = await EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(user), path, header ? lastSeen : null);
        var missed = new[] { await resumed.NextAsync(), await resumed.NextAsync() };
        Assert.Equal([2L, 3L], missed.Select(e => (long)e.Json["run"]!["id"]!));

        await fixture.PublishAsync(Events.Run(repository, runId: 4));
        var live = await resumed.NextAsync();
        Assert.Equal(4L, (long)live.Json["run"]!["id"]!);
        Assert.Empty(await resumed.DrainAsync(TimeSpan.FromMilliseconds(300)));
        Assert.DoesNotContain(resumed.Comments, c => c.StartsWith("resume-gap", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stream_whose_client_leaves_is_unregistered_at_once_not_at_its_next_write()
    {
        // Heartbeats far apart: nothing is written to the stream after the client leaves, so only the request's abort
        // can tell the hub it is gone.
        await using var hub = await fixture.StartHubAsync(new Dictionary<string, string?>
        {
            ["Realtime:HeartbeatInterval"] = "00:10:00",
            ["Realtime:MaxConnectionsPerSession"] = "1",
        });
        var user = TestUser.New();
        var repository = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository]);
        var registry = hub.Services.GetRequiredService<ConnectionRegistry>();

        await using (await EventStreamClient.OpenAsync(hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}"))
        {
            Assert.Equal(1, registry.Count);
        }

        await Eventually.WaitUntilAsync(() => registry.Count == 0, TimeSpan.FromSeconds(3), "for the stream to be unregistered");
        // Its slot is free: the session's one allowed connection can be opened again, and it gets events.
        await using var again = await EventStreamClient.OpenAsync(hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}");
        await fixture.PublishAsync(Events.Run(repository, runId: 5));
        Assert.Equal(5L, (long)(await again.NextAsync()).Json["run"]!["id"]!);
    }

    [Fact]
    public async Task Resuming_with_more_missed_events_than_the_stream_can_queue_is_a_gap_not_a_closed_stream()
    {
        await using var hub = await fixture.StartHubAsync(new Dictionary<string, string?> { ["Realtime:StreamQueueLength"] = "3" });
        var user = TestUser.New();
        var repository = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository]);
        string lastSeen;
        await using (var first = await EventStreamClient.OpenAsync(hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}"))
        {
            await fixture.PublishAsync(Events.Run(repository, runId: 1));
            lastSeen = (await first.NextAsync()).Id!;
        }

        // Five missed events, one at a time through a witness (so its own 3-event queue never fills).
        await using (var witness = await EventStreamClient.OpenAsync(hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}"))
        {
            for (var runId = 2; runId <= 6; runId++)
            {
                await fixture.PublishAsync(Events.Run(repository, runId: runId));
                await witness.NextAsync();
            }
        }

        await using var resumed = await EventStreamClient.OpenAsync(hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}", lastSeen);
        await resumed.WaitForCommentAsync("resume-gap", TimeSpan.FromSeconds(10));
        await fixture.PublishAsync(Events.Run(repository, runId: 7));
        Assert.Equal(7L, (long)(await resumed.NextAsync()).Json["run"]!["id"]!);
        Assert.False(resumed.Ended.IsCompleted);
    }

    [Fact]
    public async Task An_unknown_last_event_id_is_flagged_as_a_gap()
    {
        var user = TestUser.New();
        var repository = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository]);
        await using var stream = await EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}", lastEventId: "12");
        await stream.WaitForCommentAsync("resume-gap", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_same_event_has_the_same_id_on_events_and_on_signalr()
    {
        var user = TestUser.New();
        var repository = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository]);
        await using var stream = await EventStreamClient.OpenAsync(fixture.Hub.Url, () => fixture.TokenFor(user), $"/events?repo={repository}");
        await using var client = await HubTestClient.ConnectAsync(fixture.Hub.Url, () => fixture.TokenFor(user), HttpTransportType.WebSockets);
        await client.WaitForInvocationAsync("subscriptionsChanged");

        await fixture.PublishAsync(Events.Run(repository));
        var sse = await stream.NextAsync();
        var signalR = await client.WaitForInvocationAsync("run");
        Assert.Equal(sse.Id, (string?)signalR["eventId"]);
    }

    [Fact]
    public async Task A_stream_gets_no_request_span_for_its_whole_life_while_other_requests_keep_theirs()
    {
        // A span as long as the connection says nothing and keeps its tags in memory per connection (#17 goal 4).
        var user = TestUser.New();
        var repository = Events.NewRepository();
        fixture.AccessLists.Set(user.Id, [repository]);
        var streamTrace = ActivityTraceId.CreateRandom();
        var otherTrace = ActivityTraceId.CreateRandom();
        var recorded = new System.Collections.Concurrent.ConcurrentDictionary<ActivityTraceId, bool>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            // The least a listener can ask: whether the span is recorded is the service's tracing configuration's call.
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStopped = activity => recorded[activity.TraceId] = activity.Recorded,
        };
        ActivitySource.AddActivityListener(listener);

        // The client sends the trace context it is given, not one of its own (this process also traces its HttpClient).
        using (var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, ActivityHeadersPropagator = null }) { BaseAddress = fixture.Hub.Url })
        {
            http.DefaultRequestHeaders.Add("X-Internal-Identity", fixture.TokenFor(user));
            using (var request = new HttpRequestMessage(HttpMethod.Get, $"/events?repo={repository}"))
            {
                request.Headers.Add("traceparent", $"00-{streamTrace}-{ActivitySpanId.CreateRandom()}-01");
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            using var other = new HttpRequestMessage(HttpMethod.Get, "/no-such-route");
            other.Headers.Add("traceparent", $"00-{otherTrace}-{ActivitySpanId.CreateRandom()}-01");
            using var notFound = await http.SendAsync(other);
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        }

        await Eventually.UntilAsync(() => Task.FromResult(recorded.ContainsKey(streamTrace) && recorded.ContainsKey(otherTrace)),
            "both requests to end", TimeSpan.FromSeconds(10));
        Assert.False(recorded[streamTrace]);
        Assert.True(recorded[otherTrace]);
    }
}
