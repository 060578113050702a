using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActionsDashboard.TestInfrastructure;

/// <summary>
/// An HTTP/1.1 upload written by hand on a socket, so a test can declare one length, send part of the body, stall,
/// and read whatever the server answers meanwhile: what an attacker does and no HTTP client lets you do.
/// </summary>
public sealed class RawUpload : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly StringBuilder _received = new();

    private RawUpload(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>The webhook route of Webhooks.Api and of the gateway.</summary>
    public const string WebhookPath = "/webhooks/github";

    /// <summary>
    /// Connects (from <paramref name="from"/>, another loopback address for a second client, when given) and sends the
    /// request line and headers of a POST to <paramref name="path"/>.
    /// </summary>
    public static async Task<RawUpload> StartAsync(Uri server, long contentLength, IReadOnlyDictionary<string, string> headers,
        string path = WebhookPath, IPAddress? from = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(headers);
        var client = from is null ? new TcpClient() : new TcpClient(new IPEndPoint(from, 0));
        client.NoDelay = true;
        await client.ConnectAsync(server.Host, server.Port);
        var upload = new RawUpload(client);
        var head = new StringBuilder()
            .Append("POST ").Append(path).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(server.Authority).Append("\r\n")
            .Append("Content-Length: ").Append(contentLength).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        await upload._stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
        return upload;
    }

    /// <summary>Headers of a delivery that looks like GitHub's, with a well-formed signature that matches nothing.</summary>
    public static Dictionary<string, string> ForgedDeliveryHeaders() => new()
    {
        ["Content-Type"] = "application/json",
        ["X-GitHub-Event"] = "workflow_run",
        ["X-GitHub-Delivery"] = Guid.NewGuid().ToString(),
        ["X-Hub-Signature-256"] = "sha256=" + new string('0', 64),
    };

    /// <summary>Sends <paramref name="count"/> body bytes; false when the server has closed the connection.</summary>
    public async Task<bool> SendAsync(int count)
    {
        try
        {
            await _stream.WriteAsync(new byte[count]);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The status code of the server's answer, or null when none arrived within <paramref name="wait"/>.</summary>
    public async Task<int?> StatusAsync(TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        var buffer = new byte[4096];
        try
        {
            while (!_received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                // Readable means bytes or the server's close; the read tells which. (Checking Available first and then
                // Poll took bytes that arrived between the two for a close.)
                if (_client.Available > 0 || _client.Client.Poll(0, SelectMode.SelectRead))
                {
                    var read = await _stream.ReadAsync(buffer);
                    if (read == 0)
                    {
                        break;
                    }

                    _received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
                else if (DateTime.UtcNow >= deadline)
                {
                    break;
                }
                else
                {
                    await Task.Delay(10);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
        }

        var text = _received.ToString();
        return text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && text.Length >= 12
            ? int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>The answer's header block, as far as it was read.</summary>
    public string Head => _received.ToString();

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
