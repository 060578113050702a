using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActionsDashboard.Hosting.LocalServers;

/// <summary>Healthy when Redis answers AUTH and PING with PONG (RESP over a plain socket: the AppHost needs no
/// Redis client for this).</summary>
internal sealed class RedisHealthCheck(LocalRedisResource redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var client = new TcpClient();
            await client.ConnectAsync(LocalServerDefaults.Loopback, redis.PrimaryEndpoint.Port, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            var password = await redis.PasswordParameter.GetValueAsync(timeout.Token).ConfigureAwait(false) ?? "";
            var request = $"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(password)}\r\n{password}\r\n*1\r\n$4\r\nPING\r\n";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request), timeout.Token).ConfigureAwait(false);
            var reply = new StringBuilder();
            var buffer = new byte[512];
            while (!reply.ToString().Contains("PONG", StringComparison.Ordinal) && !reply.ToString().StartsWith('-'))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                reply.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }

            return reply.ToString().Contains("+PONG", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Redis answered: {reply.ToString().Trim()}");
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}
