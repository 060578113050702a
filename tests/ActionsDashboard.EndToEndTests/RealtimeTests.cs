using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;

namespace ActionsDashboard.EndToEndTests;

/// <summary>
/// Live updates through the whole application: the simulator (as GitHub) posts signed webhooks to the gateway,
/// Webhooks.Api publishes them, Realtime.Hub pushes them to signed-in browsers, filtered by the access list the real
/// GitHubProxy.Api serves on its internal route. The SignalR JSON protocol is spoken directly (no .NET client here).
/// </summary>
[Collection(AppHostCollection.Name)]
public class RealtimeTests(AppHostFixture fixture)
{
    private const string Repository = "octo-org/octo-repo";

    [Fact]
    public async Task A_signed_webhook_reaches_a_signed_in_subscriber_on_events_and_over_websockets_and_sign_out_closes_both()
    {
        await using var browser = await SignedInBrowser.StartAsync(fixture.GatewayUrl, "octocat");
        await browser.SelectAsync(Repository);

        await using var stream = await browser.OpenSubscribedStreamAsync($"/events?repo={Repository}", Repository);
        await using var socket = await browser.ConnectWebSocketAsync();
        var subscribed = await socket.InvokeAsync("Subscribe", new JsonArray(Repository));
        Assert.Equal([Repository], subscribed!["subscribed"]!.AsArray().Select(r => (string)r!));

        // The simulator signs and delivers workflow_run / workflow_job webhooks to the gateway's /webhooks/github.
        using var start = await fixture.Http.PostAsJsonAsync(new Uri(fixture.ServiceUrl("github-simulator"), "/_simulator/runs"),
            new { repository = Repository });
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var runId = (long)JsonNode.Parse(await start.Content.ReadAsStringAsync())!["id"]!;

        var onStream = await stream.WaitForAsync(e => e.Event == "run" && (long?)e.Json["run"]?["id"] == runId, TimeSpan.FromSeconds(30));
        Assert.Equal(onStream.Id, (string?)onStream.Json["eventId"]);
        var onSocket = await socket.WaitForInvocationAsync("run", m => (long?)m["run"]?["id"] == runId, TimeSpan.FromSeconds(30));
        Assert.Equal(Repository, (string?)onSocket["repository"], ignoreCase: true);

        await browser.SignOutAsync();
        await stream.Ended.WaitAsync(TimeSpan.FromSeconds(15));
        await socket.Closed.WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Theory]
    [InlineData("ServerSentEvents")]
    [InlineData("LongPolling")]
    public async Task The_fallback_transports_work_through_the_gateway(string transport)
    {
        await using var browser = await SignedInBrowser.StartAsync(fixture.GatewayUrl, "octocat");
        await browser.SelectAsync(Repository);
        await using var hub = transport == "LongPolling" ? await browser.ConnectLongPollingAsync() : await browser.ConnectServerSentEventsAsync();
        var subscribed = await hub.InvokeAsync("Subscribe", new JsonArray(Repository));
        Assert.Equal([Repository], subscribed!["subscribed"]!.AsArray().Select(r => (string)r!));

        using var start = await fixture.Http.PostAsJsonAsync(new Uri(fixture.ServiceUrl("github-simulator"), "/_simulator/runs"),
            new { repository = Repository });
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var runId = (long)JsonNode.Parse(await start.Content.ReadAsStringAsync())!["id"]!;
        await hub.WaitForInvocationAsync("run", m => (long?)m["run"]?["id"] == runId, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_user_without_access_to_a_repository_is_refused_it_and_receives_nothing_of_it()
    {
        await using var browser = await SignedInBrowser.StartAsync(fixture.GatewayUrl, "hubot");
        using (var repos = await browser.Http.GetAsync("/api/repos"))
        {
            Assert.Equal(HttpStatusCode.OK, repos.StatusCode);
        }

        await using var stream = await browser.OpenStreamAsync($"/events?repo={Repository}");
        await stream.WaitForCommentAsync($"refused {Repository}", TimeSpan.FromSeconds(10));
        using var start = await fixture.Http.PostAsJsonAsync(new Uri(fixture.ServiceUrl("github-simulator"), "/_simulator/runs"),
            new { repository = Repository });
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        await Assert.ThrowsAsync<TimeoutException>(() => stream.WaitForAsync(e => e.Event == "run", TimeSpan.FromSeconds(5)));
    }

    /// <summary>A browser signed in through the gateway: cookies, and the CSRF token the gateway wants on unsafe methods
    /// (SignalR's negotiate and sends are POSTs).</summary>
    private sealed class SignedInBrowser : IAsyncDisposable
    {
        private SignedInBrowser(Uri gateway, CookieContainer cookies, HttpClient http, string csrf)
        {
            Gateway = gateway;
            Cookies = cookies;
            Http = http;
            Csrf = csrf;
        }

        public Uri Gateway { get; }

        public CookieContainer Cookies { get; }

        public HttpClient Http { get; }

        public string Csrf { get; }

        public static async Task<SignedInBrowser> StartAsync(Uri gateway, string login)
        {
            var cookies = new CookieContainer();
            var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, UseProxy = false, AllowAutoRedirect = true })
            {
                BaseAddress = gateway,
                Timeout = Timeout.InfiniteTimeSpan,
            };
            using (var signIn = await http.GetAsync($"/auth/github?returnUrl=/&login={login}"))
            {
                Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            }

            var session = JsonNode.Parse(await http.GetStringAsync("/auth/session"))!;
            http.DefaultRequestHeaders.Add("X-CSRF-Token", (string)session["csrfToken"]!);
            return new SignedInBrowser(gateway, cookies, http, (string)session["csrfToken"]!);
        }

        /// <summary>Makes <paramref name="repository"/> the user's selection (GitHubProxy.Api then knows the user's access).</summary>
        public Task SelectAsync(string repository) => GatewaySession.SelectAsync(Http, repository);

        public async Task<ServerSentEventReader> OpenStreamAsync(string pathAndQuery)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
            request.Headers.Accept.ParseAdd("text/event-stream");
            var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            return new ServerSentEventReader(response);
        }

        /// <summary>The access list is fetched by GitHubProxy.Api as the user uses the app: open until the hub grants it.</summary>
        public async Task<ServerSentEventReader> OpenSubscribedStreamAsync(string pathAndQuery, string repository)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                var stream = await OpenStreamAsync(pathAndQuery);
                try
                {
                    await stream.WaitForCommentAsync("subscribed", TimeSpan.FromSeconds(10));
                    if (stream.Comments.Any(c => c.StartsWith("subscribed", StringComparison.Ordinal) && c.Contains(repository, StringComparison.OrdinalIgnoreCase)))
                    {
                        return stream;
                    }
                }
                catch (TimeoutException) when (DateTime.UtcNow < deadline)
                {
                }

                await stream.DisposeAsync();
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"/events never granted {repository}.");
                }

                await Task.Delay(500);
            }
        }

        public async Task<HubSocket> ConnectWebSocketAsync()
        {
            var path = await NegotiateAsync();
            var socket = new ClientWebSocket();
            socket.Options.Cookies = Cookies;
            socket.Options.SetRequestHeader("X-CSRF-Token", Csrf);
            var url = new UriBuilder(new Uri(Gateway, path)) { Scheme = Gateway.Scheme == "https" ? "wss" : "ws" }.Uri;
            await socket.ConnectAsync(url, CancellationToken.None);
            var hub = new HubSocket(text => socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None), socket);
            hub.Start(async receive =>
            {
                var buffer = new byte[64 * 1024];
                var text = new StringBuilder();
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                    if (result.EndOfMessage)
                    {
                        receive(text.ToString());
                        text.Clear();
                    }
                }
            });
            await hub.HandshakeAsync();
            return hub;
        }

        /// <summary>Negotiate, then the connection token (POSTs carry the CSRF token: the gateway checks unsafe methods).</summary>
        private async Task<string> NegotiateAsync()
        {
            using var negotiate = await Http.PostAsync("/ws/negotiate?negotiateVersion=1", null);
            Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
            return $"/ws?id={Uri.EscapeDataString((string)(await negotiate.Content.ReadFromJsonAsync<JsonObject>())!["connectionToken"]!)}";
        }

        public async Task<HubSocket> ConnectServerSentEventsAsync()
        {
            var path = await NegotiateAsync();
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("text/event-stream");
            var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var hub = new HubSocket(text => PostAsync(path, text));
            hub.Start(async receive =>
            {
                using (response)
                {
                    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
                    while (await reader.ReadLineAsync() is { } line)
                    {
                        if (line.StartsWith("data:", StringComparison.Ordinal))
                        {
                            receive(line[5..].TrimStart(' '));
                        }
                    }
                }
            });
            await hub.HandshakeAsync();
            return hub;
        }

        public async Task<HubSocket> ConnectLongPollingAsync()
        {
            var path = await NegotiateAsync();
            using (var first = await Http.GetAsync(path))
            {
                Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            }

            var hub = new HubSocket(text => PostAsync(path, text));
            hub.Start(async receive =>
            {
                while (true)
                {
                    using var poll = await Http.GetAsync(path);
                    if (poll.StatusCode != HttpStatusCode.OK)
                    {
                        return;
                    }

                    var body = await poll.Content.ReadAsStringAsync();
                    if (body.Length > 0)
                    {
                        receive(body);
                    }
                }
            });
            await hub.HandshakeAsync();
            return hub;
        }

        private async Task PostAsync(string path, string text)
        {
            using var content = new StringContent(text, Encoding.UTF8, "text/plain");
            using var sent = await Http.PostAsync(path, content);
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        public async Task SignOutAsync()
        {
            using var logout = await Http.PostAsync("/auth/logout", null);
            Assert.True(logout.IsSuccessStatusCode, $"logout answered {(int)logout.StatusCode}");
        }

        public ValueTask DisposeAsync()
        {
            Http.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>SignalR's JSON hub protocol on any transport: handshake, records ending in \u001e; <c>send</c> writes raw
    /// text up, the receive loop given to <see cref="Start"/> hands raw text down.</summary>
    private sealed class HubSocket(Func<string, Task> send, ClientWebSocket? socket = null) : IAsyncDisposable
    {
        private readonly List<JsonObject> _received = [];
        private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly StringBuilder _partial = new();
        private Task? _loop;
        private int _invocations;

        public Task Closed => _loop ?? Task.CompletedTask;

        public void Start(Func<Action<string>, Task> receiveLoop) => _loop = Task.Run(async () =>
        {
            try
            {
                await receiveLoop(Receive);
            }
            catch (Exception exception) when (exception is WebSocketException or IOException or HttpRequestException or ObjectDisposedException)
            {
            }
        });

        public async Task HandshakeAsync()
        {
            await send("{\"protocol\":\"json\",\"version\":1}\u001e");
            await _handshake.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }

        public async Task<JsonNode?> InvokeAsync(string target, params JsonNode[] arguments)
        {
            var id = Interlocked.Increment(ref _invocations).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var message = new JsonObject { ["type"] = 1, ["invocationId"] = id, ["target"] = target, ["arguments"] = new JsonArray(arguments) };
            await send(message.ToJsonString() + "\u001e");
            var completion = await WaitAsync(m => (int?)m["type"] == 3 && (string?)m["invocationId"] == id, TimeSpan.FromSeconds(15));
            return completion["result"];
        }

        public async Task<JsonObject> WaitForInvocationAsync(string target, Func<JsonObject, bool> match, TimeSpan timeout) =>
            (await WaitAsync(m => (int?)m["type"] == 1 && (string?)m["target"] == target && match(m["arguments"]![0]!.AsObject()), timeout))
            ["arguments"]![0]!.AsObject();

        private async Task<JsonObject> WaitAsync(Func<JsonObject, bool> match, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                lock (_received)
                {
                    if (_received.FirstOrDefault(match) is { } found)
                    {
                        return found;
                    }
                }

                await Task.Delay(20);
            }

            throw new TimeoutException($"No matching hub message within {timeout}.");
        }

        private void Receive(string text)
        {
            lock (_partial)
            {
                _partial.Append(text);
                var all = _partial.ToString();
                var last = all.LastIndexOf('\u001e');
                if (last < 0)
                {
                    return;
                }

                _partial.Clear().Append(all[(last + 1)..]);
                foreach (var record in all[..last].Split('\u001e'))
                {
                    var message = JsonNode.Parse(record)!.AsObject();
                    if (!_handshake.Task.IsCompleted)
                    {
                        _handshake.TrySetResult();
                        continue;
                    }

                    lock (_received)
                    {
                        _received.Add(message);
                    }
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (socket is { State: WebSocketState.Open })
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                }
                catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
                {
                }
            }

            socket?.Dispose();
        }
    }
}
