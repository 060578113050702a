using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;

namespace ActionsDashboard.ClientIntegrations.RabbitMQ;

internal sealed class RabbitMQConnectionProvider(string connectionString, string clientName) : IRabbitMQConnectionProvider, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConnectionFactory _factory = new()
    {
        Uri = new Uri(connectionString),
        ClientProvidedName = clientName,
        AutomaticRecoveryEnabled = true,
        TopologyRecoveryEnabled = true,
        NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
        RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
    };
    private IConnection? _connection;

    public async Task<IConnection> GetConnectionAsync(CancellationToken cancellationToken = default)
    {
        if (Current is { } connection)
        {
            return connection;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Current is { } established)
            {
                return established;
            }

            // A failure is not cached: the next caller tries again. Once a connection exists, automatic
            // recovery re-opens it after a broker restart, so it is kept even while it is closed.
            _connection = await _factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The connection, unless the application closed it (recovery then no longer applies).</summary>
    private IConnection? Current =>
        _connection is { } connection && connection.CloseReason?.Initiator != ShutdownInitiator.Application
            ? connection
            : null;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _connection, null) is { } connection)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
