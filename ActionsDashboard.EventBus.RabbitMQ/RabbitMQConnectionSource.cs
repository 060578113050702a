using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace ActionsDashboard.EventBus.RabbitMQ;

/// <summary>
/// The one <see cref="IConnection"/> that Aspire.RabbitMQ.Client registers, reached without blocking the caller:
/// Aspire opens it synchronously inside the singleton's factory on first resolution, so that happens on a pool thread.
/// A failed attempt is not kept by the container (the next call tries again, which is what lets a service start while
/// the broker is down); once open, the client's automatic recovery reopens the connection and its channels after a
/// broker restart. Create channels from it; never dispose it (the container owns it).
/// </summary>
public sealed class RabbitMQConnectionSource(IServiceProvider services)
{
    /// <exception cref="global::RabbitMQ.Client.Exceptions.BrokerUnreachableException">The broker cannot be reached now; a later call tries again.</exception>
    public Task<IConnection> GetConnectionAsync(CancellationToken cancellationToken = default) =>
        Task.Run(services.GetRequiredService<IConnection>, cancellationToken).WaitAsync(cancellationToken);
}
