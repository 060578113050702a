using System.Diagnostics;
using ActionsDashboard.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using static ActionsDashboard.ServiceDefaults.UnitTests.ClientIntegrations.ClientIntegrationTestHost;

namespace ActionsDashboard.ServiceDefaults.UnitTests.ClientIntegrations;

public sealed class RabbitMQClientIntegrationTests(RabbitMQServerFixture rabbitMQ) : IClassFixture<RabbitMQServerFixture>
{
    private const string ConnectionName = "eventbus";

    [Fact]
    public async Task Connection_provider_opens_one_recovering_connection_that_carries_channels()
    {
        await using var host = Build(rabbitMQ.ConnectionString);
        var provider = host.Services.GetRequiredService<IRabbitMQConnectionProvider>();

        var connection = await provider.GetConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = await channel.QueueDeclareAsync(queue: string.Empty, durable: false, exclusive: true, autoDelete: true, arguments: null);

        Assert.True(connection.IsOpen);
        Assert.Same(connection, await provider.GetConnectionAsync());
        Assert.StartsWith("amq.gen-", queue.QueueName);
    }

    [Fact]
    public async Task Health_check_is_healthy_while_the_broker_runs()
    {
        await using var host = Build(rabbitMQ.ConnectionString);

        var entry = await CheckAsync(host.Services, ConnectionName);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.DoesNotContain("live", Registration(host.Services, ConnectionName).Tags);
    }

    [Fact]
    public async Task Health_check_is_unhealthy_within_its_timeout_when_nothing_listens()
    {
        await using var host = Build($"amqp://{RabbitMQServerFixture.UserName}:{rabbitMQ.Password}@127.0.0.1:{LocalServers.FreeTcpPort()}");

        var stopwatch = Stopwatch.StartNew();
        var entry = await CheckAsync(host.Services, ConnectionName);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(rabbitMQ.Password, entry.Description ?? string.Empty);
    }

    private static AsyncDisposableHost Build(string connectionString)
    {
        var builder = CreateBuilder(ConnectionName, connectionString);
        builder.AddRabbitMQClient(ConnectionName);
        return new AsyncDisposableHost(builder.Build());
    }

    private sealed class AsyncDisposableHost(IHost host) : IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;

        // The provider is async-disposable only: the host must be disposed asynchronously.
        public ValueTask DisposeAsync() => ((IAsyncDisposable)host).DisposeAsync();
    }
}
