namespace Realtime.Hub.Services;

/// <summary>On shutdown: refuse new connections and close the open ones, so clients reconnect to another instance
/// (and resume) instead of waiting on a dead one; the server's own shutdown then has no endless streams to wait for.</summary>
public sealed partial class ConnectionDrainer(ConnectionRegistry registry, IHostApplicationLifetime lifetime, RealtimeMetrics metrics,
    ILogger<ConnectionDrainer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(Drain);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Drain();
        return Task.CompletedTask;
    }

    private void Drain()
    {
        registry.Draining = true;
        var connections = registry.All;
        if (connections.Count > 0)
        {
            LogDraining(logger, connections.Count);
        }

        foreach (var connection in connections)
        {
            metrics.Closed("shutdown");
            connection.Close("shutdown");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: closing {Count} live connections.")]
    private static partial void LogDraining(ILogger logger, int count);
}
