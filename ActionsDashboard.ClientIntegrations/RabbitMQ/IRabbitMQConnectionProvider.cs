using RabbitMQ.Client;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The application's one RabbitMQ connection, opened on first request and recovered automatically
/// after a broker restart. Create channels from it; do not dispose it.
/// </summary>
public interface IRabbitMQConnectionProvider
{
    /// <exception cref="RabbitMQ.Client.Exceptions.BrokerUnreachableException">The broker cannot be reached now; a later call tries again.</exception>
    Task<IConnection> GetConnectionAsync(CancellationToken cancellationToken = default);
}
