using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace Realtime.Hub.FunctionalTests.Infrastructure;

/// <summary>
/// A SignalR client over WebSockets that completes the handshake and then never reads, with a small socket receive
/// buffer so the server's writes to it back up after a few messages: a browser tab frozen by a debugger, or an attacker.
/// </summary>
public sealed class StalledHubClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker _invoker;

    private StalledHubClient(ClientWebSocket socket, HttpMessageInvoker invoker)
    {
        _socket = socket;
        _invoker = invoker;
    }

    public static async Task<StalledHubClient> ConnectAsync(Uri hub, string identityToken)
    {
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 2048 };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-Internal-Identity", identityToken);
        // SignalR accepts a WebSocket without a negotiate round trip (the .NET client's SkipNegotiation).
        await socket.ConnectAsync(new Uri($"ws://{hub.Authority}/ws"), invoker, CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), WebSocketMessageType.Text,
            endOfMessage: true, CancellationToken.None);
        return new StalledHubClient(socket, invoker);
    }

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        _invoker.Dispose();
        return ValueTask.CompletedTask;
    }
}
