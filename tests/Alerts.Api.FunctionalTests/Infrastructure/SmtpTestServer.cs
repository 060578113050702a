using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Alerts.Api.FunctionalTests.Infrastructure;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and a free port, no TLS, no authentication: it keeps every
/// message it accepts, and refuses a recipient in <see cref="RefusedRecipients"/> at <c>RCPT TO</c> with
/// <c>550 mailbox unavailable</c>, as a mail server does for an unknown mailbox. Started with credentials, it requires
/// <c>AUTH</c> (PLAIN or LOGIN, allowed without TLS here) and keeps who signed in.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    public sealed record Received(IReadOnlyList<string> Envelope, string EnvelopeFrom, MimeMessage Message);

    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private SmtpTestServer(int port) => Port = port;

    public int Port { get; }

    public ConcurrentQueue<Received> Messages { get; } = new();

    public ConcurrentDictionary<string, bool> RefusedRecipients { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The user names that signed in successfully, in order.</summary>
    public ConcurrentQueue<string> SignedIn { get; } = new();

    /// <summary>The messages whose envelope names <paramref name="address"/>.</summary>
    public IReadOnlyList<Received> To(string address) =>
        Messages.Where(m => m.Envelope.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    public static async Task<SmtpTestServer> StartAsync((string UserName, string Password)? credentials = null)
    {
        var server = new SmtpTestServer(FreePort());
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, server.Port))
                .AuthenticationRequired(credentials is not null).AllowUnsecureAuthentication(credentials is not null))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(server));
        services.Add(new Filter(server));
        if (credentials is { } expected)
        {
            services.Add(new Authenticator(server, expected.UserName, expected.Password));
        }
        var smtp = new SmtpServer.SmtpServer(options, services);
        server._running = smtp.StartAsync(server._stop.Token);
        // StartAsync listens in the background: wait until the port answers.
        await WaitForListenerAsync(server.Port);
        return server;
    }

    /// <summary>A loopback port nothing listens on (for the "server down" case).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForListenerAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store(SmtpTestServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            server.Messages.Enqueue(new Received(transaction.To.Select(t => t.AsAddress()).ToList(), transaction.From.AsAddress(), message));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Authenticator(SmtpTestServer server, string userName, string password) : IUserAuthenticator
    {
        public Task<bool> AuthenticateAsync(ISessionContext context, string user, string given, CancellationToken cancellationToken)
        {
            var valid = user == userName && given == password;
            if (valid)
            {
                server.SignedIn.Enqueue(user);
            }

            return Task.FromResult(valid);
        }
    }

    private sealed class Filter(SmtpTestServer server) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!server.RefusedRecipients.ContainsKey(to.AsAddress()));
    }
}
