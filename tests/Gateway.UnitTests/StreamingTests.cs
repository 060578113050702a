using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gateway.UnitTests;

/// <summary>
/// The realtime routes must stream: a WebSocket upgrade is proxied, and Server-Sent Events reach the client
/// as they are written, not when the response ends. The gateway runs on real Kestrel here (TestServer has
/// neither upgrades nor real streaming), in front of a stand-in realtime-hub.
/// </summary>
public sealed class StreamingTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _releaseSecondEvent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _hub = null!;
    private WebApplicationFactory<Program> _gateway = null!;
    private Uri _gatewayUrl = null!;

    public async Task InitializeAsync()
    {
        var hub = WebApplication.CreateSlimBuilder();
        hub.WebHost.UseUrls("http://127.0.0.1:0");
        _hub = hub.Build();
        _hub.UseWebSockets();
        _hub.Map("/ws/echo", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[1024];
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            await socket.SendAsync(buffer.AsMemory(0, received.Count), WebSocketMessageType.Text, true, CancellationToken.None);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        });
        _hub.MapGet("/events", async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("id: 1\ndata: first\n\n");
            await context.Response.Body.FlushAsync();
            await _releaseSecondEvent.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await context.Response.WriteAsync("id: 2\ndata: second\n\n");
        });
        await _hub.StartAsync();

        var hubUrl = _hub.Urls.Single();
        _gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:redis", "127.0.0.1:1,password=unused");
            foreach (var service in new[] { "auth-api", "githubproxy-api", "webhooks-api", "realtime-hub", "web" })
            {
                b.UseSetting($"services:{service}:http:0", hubUrl);
            }

            SignedIn.Configure(b);
        });
        _gateway.UseKestrel(0);
        _gateway.StartServer();
        _gatewayUrl = _gateway.ClientOptions.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        _releaseSecondEvent.TrySetResult();
        await _gateway.DisposeAsync();
        await _hub.DisposeAsync();
    }

    [Fact]
    public async Task WebSocket_upgrade_is_proxied_to_the_hub()
    {
        using var socket = new ClientWebSocket();
        var wsUrl = new UriBuilder(_gatewayUrl) { Scheme = "ws", Path = "/ws/echo" }.Uri;

        await socket.ConnectAsync(wsUrl, CancellationToken.None);
        await socket.SendAsync("ping"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[64];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);

        Assert.Equal("ping", Encoding.UTF8.GetString(buffer, 0, received.Count));
    }

    [Fact]
    public async Task Server_sent_events_arrive_before_the_stream_ends()
    {
        using var http = new HttpClient { BaseAddress = _gatewayUrl, Timeout = TimeSpan.FromSeconds(30) };

        using var response = await http.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await ReadEventAsync(reader).WaitAsync(TimeSpan.FromSeconds(10));
        _releaseSecondEvent.TrySetResult();
        var second = await ReadEventAsync(reader).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("id: 1|data: first", first);
        Assert.Equal("id: 2|data: second", second);
    }

    private static async Task<string> ReadEventAsync(StreamReader reader)
    {
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line && line.Length > 0)
        {
            lines.Add(line);
        }

        return string.Join('|', lines);
    }
}
