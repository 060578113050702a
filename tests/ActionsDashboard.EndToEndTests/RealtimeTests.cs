using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;
using Microsoft.AspNetCore.Http.Connections;

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
            var http = new HttpClient(new BrowserCookieHandler(cookies, followRedirects: true))
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
        public Task<ServerSentEventReader> OpenSubscribedStreamAsync(string pathAndQuery, string repository) =>
            Eventually.ValueAsync(async () =>
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
                catch (TimeoutException)
                {
                }

                await stream.DisposeAsync();
                return null;
            }, $"for /events to grant {repository}", TimeSpan.FromSeconds(30));

        public Task<HubTestClient> ConnectWebSocketAsync() => ConnectAsync(HttpTransportType.WebSockets);

        public Task<HubTestClient> ConnectServerSentEventsAsync() => ConnectAsync(HttpTransportType.ServerSentEvents);

        public Task<HubTestClient> ConnectLongPollingAsync() => ConnectAsync(HttpTransportType.LongPolling);

        /// <summary>The .NET SignalR client through the gateway as this browser: its cookies, and the CSRF token on every
        /// request (negotiate and sends are POSTs, which the gateway refuses without it).</summary>
        private Task<HubTestClient> ConnectAsync(HttpTransportType transport) =>
            HubTestClient.ConnectAsync(new Uri(Gateway, "/ws"), transport, options =>
            {
                // The session cookie is Secure (the app runs as Production): sent as a browser sends it to localhost.
                options.Headers["Cookie"] = Cookies.GetCookieHeader(BrowserCookieHandler.AsBrowserSees(Gateway));
                options.Headers["X-CSRF-Token"] = Csrf;
            });

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
}
