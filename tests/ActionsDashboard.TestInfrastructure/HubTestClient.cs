using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace ActionsDashboard.TestInfrastructure;

/// <summary>
/// The .NET SignalR client (<see cref="HubConnection"/>) on one transport, as a browser would use the hub at <c>/ws</c>,
/// recording every message the hub sends so a test can wait for one: straight to Realtime.Hub with a freshly minted
/// identity token on every request (as the gateway adds it), or through the gateway with a browser's cookies.
/// </summary>
public sealed class HubTestClient : IAsyncDisposable
{
    // The hub's client methods (Realtime.Hub's LiveUpdateMethods); recorded as raw JSON.
    private static readonly string[] Targets = ["run", "job", "push", "pullRequest", "subscriptionsChanged", "resumeGap"];

    private readonly HubConnection _connection;
    private readonly List<(string Target, JsonObject Message)> _received = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HubTestClient(HubConnection connection)
    {
        _connection = connection;
        foreach (var target in Targets)
        {
            _connection.On(target, [typeof(JsonElement)], arguments =>
            {
                var message = JsonNode.Parse(((JsonElement)arguments[0]!).GetRawText())!.AsObject();
                lock (_received)
                {
                    _received.Add((target, message));
                }

                return Task.CompletedTask;
            });
        }

        _connection.Closed += error =>
        {
            CloseError = error?.Message;
            _closed.TrySetResult();
            return Task.CompletedTask;
        };
    }

    /// <summary>Completes when the connection ends: the hub closed it, or the transport dropped.</summary>
    public Task Closed => _closed.Task;

    public string? CloseError { get; private set; }

    /// <summary>Straight to the hub at <paramref name="hub"/>: every HTTP request and the WebSocket upgrade carry the
    /// identity token <paramref name="token"/> gives at that moment.</summary>
    public static Task<HubTestClient> ConnectAsync(Uri hub, Func<string?> token, HttpTransportType transport, string? query = null) =>
        ConnectAsync(new Uri(hub, query is null ? "/ws" : $"/ws?{query}"), transport, options =>
        {
            options.HttpMessageHandlerFactory = inner => new IdentityHeader(token) { InnerHandler = inner };
            options.WebSocketConfiguration = socket =>
            {
                if (token() is { } value)
                {
                    socket.SetRequestHeader(IdentityHeader.Name, value);
                }
            };
        });

    /// <summary>To <paramref name="url"/> with the connection's options as <paramref name="configure"/> sets them
    /// (cookies and the CSRF header of a browser signed in through the gateway, say).</summary>
    public static async Task<HubTestClient> ConnectAsync(Uri url, HttpTransportType transport, Action<HttpConnectionOptions> configure)
    {
        var connection = new HubConnectionBuilder().WithUrl(url, transport, configure).Build();
        var client = new HubTestClient(connection);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await connection.StartAsync(timeout.Token);
        return client;
    }

    /// <summary>Calls a hub method and returns its result as JSON (null for a method without one).</summary>
    public async Task<JsonNode?> InvokeAsync(string target, params object?[] arguments)
    {
        var result = await _connection.InvokeCoreAsync(target, typeof(JsonElement?), arguments);
        return result is JsonElement { ValueKind: not JsonValueKind.Null } element ? JsonNode.Parse(element.GetRawText()) : null;
    }

    /// <summary>Sends a hub method call without waiting for its completion (a message the hub may refuse by closing).</summary>
    public Task SendAsync(string target, params object?[] arguments) => _connection.SendCoreAsync(target, arguments);

    public IReadOnlyList<JsonObject> Invocations(string target)
    {
        lock (_received)
        {
            return [.. _received.Where(r => r.Target == target).Select(r => r.Message)];
        }
    }

    public async Task<JsonObject> WaitForInvocationAsync(string target, Func<JsonObject, bool>? match = null, TimeSpan? timeout = null)
    {
        try
        {
            return (await Eventually.WaitForAsync(() => Task.FromResult(Invocations(target).FirstOrDefault(message => match?.Invoke(message) ?? true)),
                found => found is not null, timeout ?? TimeSpan.FromSeconds(15), $"for a '{target}' message"))!;
        }
        catch (TimeoutException exception)
        {
            // What had arrived by the deadline, not by the call.
            var targets = AllTargets().ToList();
            throw new TimeoutException($"{exception.Message}; received {targets.Count}: " +
                string.Join(", ", targets.GroupBy(t => t).Select(g => $"{g.Key} ×{g.Count()}")) + $"; connection closed: {Closed.IsCompleted}", exception);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private IEnumerable<string> AllTargets()
    {
        lock (_received)
        {
            return [.. _received.Select(r => r.Target)];
        }
    }

    private sealed class IdentityHeader(Func<string?> token) : DelegatingHandler
    {
        public const string Name = "X-Internal-Identity";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (token() is { } value)
            {
                request.Headers.Remove(Name);
                request.Headers.Add(Name, value);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
