using StackExchange.Redis;

namespace ActionsDashboard.ClientIntegrations.Redis;

/// <summary>
/// Owns the one multiplexer for a connection string. Connecting is deferred to first use and never
/// aborts (<c>abortConnect=false</c>): the multiplexer is returned even while Redis is down and keeps
/// reconnecting in the background.
/// </summary>
internal sealed class RedisConnectionProvider(string connectionString) : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _connection = new(() =>
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        return ConnectionMultiplexer.Connect(options);
    });

    public ConnectionMultiplexer GetConnection() => _connection.Value;

    /// <summary>
    /// The first connect waits up to the connect timeout (5 s by default) even with abortConnect=false;
    /// a health check must not block a thread on it.
    /// </summary>
    public Task<ConnectionMultiplexer> GetConnectionAsync() =>
        _connection.IsValueCreated ? Task.FromResult(_connection.Value) : Task.Run(GetConnection);

    public void Dispose()
    {
        if (_connection.IsValueCreated)
        {
            _connection.Value.Dispose();
        }
    }
}
