using System.Net.Sockets;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ActionsDashboard.Hosting.LocalServers;

/// <summary>Healthy when PostgreSQL accepts a connection to the database of the resource's connection string
/// (<c>postgres</c> for the server) and answers a query.</summary>
internal sealed class PostgresHealthCheck(IResourceWithConnectionString resource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(await resource.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false))
            {
                Pooling = false,
                Timeout = 3,
            };
            builder.Database ??= "postgres";
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or SocketException or IOException)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}

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
