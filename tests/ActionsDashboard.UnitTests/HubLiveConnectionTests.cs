using System.Security.Claims;
using ActionsDashboard.Identity;
using ActionsDashboard.TestInfrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Realtime.Hub.Hubs;
using Realtime.Hub.Model;
using Realtime.Hub.Services;

namespace ActionsDashboard.UnitTests;

/// <summary>
/// How one SignalR connection writes its queue (#17 goal 3): a lone event as its own method, what queued while a write
/// ran as one <c>batch</c>, in order. The client's writes are held open here on purpose, so the batches are exact.
/// </summary>
public sealed class HubLiveConnectionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_lone_event_goes_as_its_own_method_and_those_queued_during_its_write_as_one_batch_in_order()
    {
        var client = new HeldClient();
        var (connection, _) = Connect(client, TimeSpan.FromSeconds(30));
        var events = Enumerable.Range(1, 4).Select(Run).ToList();

        connection.Enqueue(events[0]);
        var writing = connection.RunAsync();
        await client.WaitForSendsAsync(1);
        foreach (var liveEvent in events.Skip(1))
        {
            connection.Enqueue(liveEvent);
        }

        client.Release();
        await client.WaitForSendsAsync(2);
        connection.Close("ended");
        await writing.WaitAsync(Wait);

        Assert.Equal(("run", events[0].Payload), (client.Sends[0].Method, client.Sends[0].Arguments.Single()));
        Assert.Equal(LiveEventNames.Batch, client.Sends[1].Method);
        var batch = Assert.IsType<LiveBatchItem[]>(client.Sends[1].Arguments.Single());
        Assert.Equal(events.Skip(1).Select(e => new LiveBatchItem("run", e.Payload)), batch);
        Assert.Equal(2, client.Sends.Count);
    }

    [Fact]
    public async Task A_batch_holds_at_most_MaxBatch_events_and_the_rest_follow_in_the_next()
    {
        var client = new HeldClient();
        var (connection, _) = Connect(client, TimeSpan.FromSeconds(30));
        var events = Enumerable.Range(1, HubLiveConnection.MaxBatch + 11).Select(Run).ToList();

        connection.Enqueue(events[0]);
        var writing = connection.RunAsync();
        await client.WaitForSendsAsync(1);
        foreach (var liveEvent in events.Skip(1))
        {
            connection.Enqueue(liveEvent);
        }

        client.Release();
        await client.WaitForSendsAsync(3);
        connection.Close("ended");
        await writing.WaitAsync(Wait);

        var batches = client.Sends.Skip(1).Select(send => Assert.IsType<LiveBatchItem[]>(send.Arguments.Single())).ToList();
        Assert.Equal([HubLiveConnection.MaxBatch, 10], batches.Select(b => b.Length));
        Assert.Equal(events.Skip(1).Select(e => e.Payload), batches.SelectMany(b => b).Select(item => item.Data));
    }

    [Fact]
    public async Task The_send_timeout_is_armed_for_each_write_only_so_an_idle_connection_outlives_it()
    {
        var client = new HeldClient { Hold = false };
        var timeout = TimeSpan.FromMilliseconds(200);
        var (connection, context) = Connect(client, timeout);
        var writing = connection.RunAsync();

        connection.Enqueue(Run(1));
        await client.WaitForSendsAsync(1);
        await Task.Delay(timeout * 3);
        connection.Enqueue(Run(2));
        await client.WaitForSendsAsync(2);

        Assert.Null(connection.CloseReason);
        Assert.False(context.Aborted);
        Assert.All(client.Sends, send => Assert.False(send.Token.IsCancellationRequested));
        connection.Close("ended");
        await writing.WaitAsync(Wait);
    }

    [Fact]
    public async Task A_write_that_outlasts_the_send_timeout_closes_the_connection_as_too_slow()
    {
        var client = new HeldClient { HonourCancellation = true };
        var (connection, context) = Connect(client, TimeSpan.FromMilliseconds(200));

        connection.Enqueue(Run(1));
        await connection.RunAsync().WaitAsync(Wait);

        Assert.Equal(LiveConnection.TooSlow, connection.CloseReason);
        Assert.True(context.Aborted);
    }

    private static LiveEvent Run(int n) => new(n, "run", "octo-org/octo-repo", 1, new { eventId = n.ToString() }, "{}");

    private static (HubLiveConnection Connection, CallerContext Context) Connect(HeldClient client, TimeSpan sendTimeout)
    {
        var context = new CallerContext();
        var connection = new HubLiveConnection(context, new HubContext(client), new ConnectionRegistry(),
            new InternalIdentity(1, "octocat", "session"), DateTimeOffset.UnixEpoch, queueLength: 1_000, sendTimeout);
        return (connection, context);
    }

    /// <summary>A client whose first write is held open until <see cref="Release"/> (or, honouring the token, until it
    /// is cancelled), so what the connection queues meanwhile is known.</summary>
    private sealed class HeldClient : IClientProxy
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<(string Method, object?[] Arguments, CancellationToken Token)> _sends = [];

        public bool Hold { get; init; } = true;

        public bool HonourCancellation { get; init; }

        public IReadOnlyList<(string Method, object?[] Arguments, CancellationToken Token)> Sends
        {
            get
            {
                lock (_sends)
                {
                    return [.. _sends];
                }
            }
        }

        public void Release() => _released.TrySetResult();

        public Task WaitForSendsAsync(int count) =>
            Eventually.WaitUntilAsync(() => Sends.Count >= count, Wait, $"for {count} sends");

        public async Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        {
            bool first;
            lock (_sends)
            {
                _sends.Add((method, args, cancellationToken));
                first = _sends.Count == 1;
            }

            if (HonourCancellation)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (first && Hold)
            {
                await _released.Task;
            }
        }
    }

    private sealed class HubContext(IClientProxy client) : IHubContext<LiveUpdatesHub>
    {
        public IHubClients Clients { get; } = new HubClients(client);

        public IGroupManager Groups => throw new NotSupportedException();
    }

    private sealed class HubClients(IClientProxy client) : IHubClients
    {
        public IClientProxy All => throw new NotSupportedException();

        public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public IClientProxy Client(string connectionId) => client;

        public IClientProxy Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

        public IClientProxy Group(string groupName) => throw new NotSupportedException();

        public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public IClientProxy Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();

        public IClientProxy User(string userId) => throw new NotSupportedException();

        public IClientProxy Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();
    }

    private sealed class CallerContext : HubCallerContext
    {
        public bool Aborted { get; private set; }

        public override string ConnectionId => "connection-1";

        public override string? UserIdentifier => "1";

        public override ClaimsPrincipal? User => null;

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort() => Aborted = true;
    }
}
