using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActionsDashboard.Hosting.LocalServers;

/// <summary>Healthy when the broker answers the AMQP 0-9-1 protocol header with Connection.Start (its port accepts
/// connections a little before the broker has booted), or, for epmd, when it answers a NAMES request with its port
/// (a connection closed without a request makes epmd log an error).</summary>
internal sealed class TcpHealthCheck(Func<int> port, bool amqp) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var client = new TcpClient();
            await client.ConnectAsync(LocalServerDefaults.Loopback, port(), timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            if (!amqp)
            {
                // EPMD_NAMES_REQ: a 2-byte length, then 'n'; the answer starts with epmd's port, 4 bytes big-endian.
                await stream.WriteAsync(new byte[] { 0, 1, (byte)'n' }, timeout.Token).ConfigureAwait(false);
                var answer = new byte[4];
                await stream.ReadExactlyAsync(answer, timeout.Token).ConfigureAwait(false);
                return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(answer) == port()
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("The port answered, but not as this epmd.");
            }

            await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), timeout.Token).ConfigureAwait(false);
            var header = new byte[7];
            await stream.ReadExactlyAsync(header, timeout.Token).ConfigureAwait(false);
            // Frame type 1 (method) on channel 0: Connection.Start.
            return header[0] == 1 && header[1] == 0 && header[2] == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The port answered, but not with AMQP 0-9-1.");
        }
        catch (Exception e) when (e is SocketException or IOException or EndOfStreamException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}
