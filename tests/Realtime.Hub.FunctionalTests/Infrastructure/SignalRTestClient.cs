using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Realtime.Hub.FunctionalTests.Infrastructure;

public enum SignalRTransport
{
    WebSockets,
    ServerSentEvents,
    LongPolling,
}

/// <summary>
/// A SignalR client speaking the JSON hub protocol directly (the .NET client is not in the registry here):
/// negotiate (<c>POST /ws/negotiate?negotiateVersion=1</c>), connect with the connection token on the chosen transport,
/// the handshake <c>{"protocol":"json","version":1}\u001e</c>, then records separated by <c>\u001e</c>. Every HTTP
/// request carries a freshly minted identity token, as through the gateway.
/// See https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/TransportProtocols.md and HubProtocol.md.
/// </summary>
public sealed class SignalRTestClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';

    private readonly HttpClient _http;
    private readonly Func<string?> _token;
    private readonly SignalRTransport _transport;
    private readonly string _connectPath;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<JsonObject> _received = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _partial = new();
    private ClientWebSocket? _socket;
    private Task _loop = Task.CompletedTask;
    private int _invocationId;

    private SignalRTestClient(HttpClient http, Func<string?> token, SignalRTransport transport, string connectPath)
    {
        _http = http;
        _token = token;
        _transport = transport;
        _connectPath = connectPath;
    }

    /// <summary>Completes when the server closes the connection (close message, socket closed, stream ended, poll 204).</summary>
    public Task Closed => _closed.Task;

    public string? CloseError { get; private set; }

    public static async Task<SignalRTestClient> ConnectAsync(Uri hub, Func<string?> token, SignalRTransport transport, string? query = null)
    {
        var http = IdentityHandler.Client(hub, token);
        var extra = query is null ? "" : "&" + query;
        using var negotiate = await http.PostAsync($"/ws/negotiate?negotiateVersion=1{extra}", null);
        if (negotiate.StatusCode != HttpStatusCode.OK)
        {
            http.Dispose();
            throw new HttpRequestException($"negotiate answered {(int)negotiate.StatusCode}", null, negotiate.StatusCode);
        }

        var negotiation = (await negotiate.Content.ReadFromJsonAsync<JsonObject>())!;
        var connectionToken = (string)negotiation["connectionToken"]!;
        var client = new SignalRTestClient(http, token, transport, $"/ws?id={Uri.EscapeDataString(connectionToken)}{extra}");
        await client.StartAsync(hub);
        return client;
    }

    private async Task StartAsync(Uri hub)
    {
        const string handshake = "{\"protocol\":\"json\",\"version\":1}\u001e";
        switch (_transport)
        {
            case SignalRTransport.WebSockets:
                _socket = new ClientWebSocket();
                _socket.Options.SetRequestHeader("X-Internal-Identity", _token());
                var ws = new UriBuilder(new Uri(hub, _connectPath)) { Scheme = hub.Scheme == "https" ? "wss" : "ws" }.Uri;
                await _socket.ConnectAsync(ws, _stop.Token);
                _loop = Task.Run(WebSocketLoopAsync);
                await _socket.SendAsync(Encoding.UTF8.GetBytes(handshake), WebSocketMessageType.Text, true, _stop.Token);
                break;
            case SignalRTransport.ServerSentEvents:
                var request = new HttpRequestMessage(HttpMethod.Get, _connectPath);
                request.Headers.Accept.ParseAdd("text/event-stream");
                var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
                response.EnsureSuccessStatusCode();
                _loop = Task.Run(() => ServerSentEventsLoopAsync(response));
                await PostAsync(handshake);
                break;
            case SignalRTransport.LongPolling:
                // The first poll only confirms the connection; then the handshake goes up and polling continues.
                using (var first = await _http.GetAsync(_connectPath, _stop.Token))
                {
                    first.EnsureSuccessStatusCode();
                }

                _loop = Task.Run(LongPollingLoopAsync);
                await PostAsync(handshake);
                break;
        }

        await _handshake.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    public async Task<JsonNode?> InvokeAsync(string target, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _invocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendRecordAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }));
        var completion = await WaitForAsync(m => (int?)m["type"] == 3 && (string?)m["invocationId"] == id, TimeSpan.FromSeconds(15), $"completion of {target}");
        if (completion["error"] is { } error)
        {
            throw new InvalidOperationException($"{target} failed: {error}");
        }

        return completion["result"];
    }

    /// <summary>Sends a raw record (for limit tests).</summary>
    public Task SendRecordAsync(string json) => SendRawAsync(json + RecordSeparator);

    private async Task SendRawAsync(string payload)
    {
        if (_socket is not null)
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(payload), WebSocketMessageType.Text, true, _stop.Token);
        }
        else
        {
            await PostAsync(payload);
        }
    }

    private async Task PostAsync(string payload)
    {
        using var content = new StringContent(payload, Encoding.UTF8, "text/plain");
        using var response = await _http.PostAsync(_connectPath, content, _stop.Token);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Invocations of <paramref name="target"/> received so far: their first argument.</summary>
    public IReadOnlyList<JsonObject> Invocations(string target)
    {
        lock (_received)
        {
            return [.. _received.Where(m => (int?)m["type"] == 1 && (string?)m["target"] == target).Select(m => m["arguments"]![0]!.AsObject())];
        }
    }

    public async Task<JsonObject> WaitForInvocationAsync(string target, Func<JsonObject, bool>? match = null, TimeSpan? timeout = null)
    {
        var message = await WaitForAsync(m => (int?)m["type"] == 1 && (string?)m["target"] == target
                && (match is null || match(m["arguments"]![0]!.AsObject())),
            timeout ?? TimeSpan.FromSeconds(15), $"a '{target}' invocation");
        return message["arguments"]![0]!.AsObject();
    }

    private async Task<JsonObject> WaitForAsync(Func<JsonObject, bool> match, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_received)
            {
                if (_received.FirstOrDefault(match) is { } found)
                {
                    return found;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No {what} within {timeout} over {_transport}; received: "
                    + string.Join(" | ", Snapshot().Select(m => m.ToJsonString())));
            }

            await Task.Delay(20);
        }
    }

    private List<JsonObject> Snapshot()
    {
        lock (_received)
        {
            return [.. _received];
        }
    }

    private void Receive(string text)
    {
        lock (_partial)
        {
            _partial.Append(text);
            var all = _partial.ToString();
            var last = all.LastIndexOf(RecordSeparator);
            if (last < 0)
            {
                return;
            }

            _partial.Clear().Append(all[(last + 1)..]);
            foreach (var record in all[..last].Split(RecordSeparator))
            {
                var message = JsonNode.Parse(record)!.AsObject();
                if (!_handshake.Task.IsCompleted)
                {
                    // The handshake response: {} or {"error": "..."}.
                    if (message["error"] is { } error)
                    {
                        _handshake.TrySetException(new InvalidOperationException($"Handshake refused: {error}"));
                    }

                    _handshake.TrySetResult();
                    continue;
                }

                if ((int?)message["type"] == 7)
                {
                    CloseError = (string?)message["error"];
                    _closed.TrySetResult();
                }

                lock (_received)
                {
                    _received.Add(message);
                }
            }
        }
    }

    private async Task WebSocketLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        try
        {
            while (_socket!.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                if (result.EndOfMessage)
                {
                    Receive(text.ToString());
                    text.Clear();
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            _closed.TrySetResult();
        }
    }

    private async Task ServerSentEventsLoopAsync(HttpResponseMessage response)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(_stop.Token);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0)
                    {
                        Receive(data.ToString());
                        data.Clear();
                    }

                    continue;
                }

                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    if (data.Length > 0)
                    {
                        data.Append('\n');
                    }

                    data.Append(line.AsSpan(5).TrimStart(' '));
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        finally
        {
            response.Dispose();
            _closed.TrySetResult();
        }
    }

    private async Task LongPollingLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var poll = await _http.GetAsync(_connectPath, _stop.Token);
                if (poll.StatusCode != HttpStatusCode.OK)
                {
                    break;
                }

                var body = await poll.Content.ReadAsStringAsync(_stop.Token);
                if (body.Length > 0)
                {
                    Receive(body);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        finally
        {
            _closed.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket is { State: WebSocketState.Open })
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
            }
        }
        else if (_transport != SignalRTransport.WebSockets && !_closed.Task.IsCompleted)
        {
            try
            {
                using var delete = await _http.DeleteAsync(_connectPath);
            }
            catch (HttpRequestException)
            {
            }
        }

        _stop.Cancel();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
        }

        _socket?.Dispose();
        _http.Dispose();
    }
}
