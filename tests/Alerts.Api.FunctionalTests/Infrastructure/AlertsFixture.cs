using ActionsDashboard.EventBus;
using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.EventBus.Events;
using ActionsDashboard.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Api.FunctionalTests.Infrastructure;

/// <summary>Real PostgreSQL and RabbitMQ, the receiver, and one Alerts.Api with loopback destinations allowed (demo mode).
/// Tests keep apart by user and repository.</summary>
public sealed class AlertsFixture : IAsyncLifetime
{
    public PostgresServerFixture Postgres { get; } = new();

    public RabbitMQServerFixture RabbitMQ { get; } = new();

    public Receiver Receiver { get; private set; } = null!;

    public AlertsApiFactory Api { get; private set; } = null!;

    private long _nextId = 1000;

    /// <summary>A fresh id for a user, repository or run.</summary>
    public long NextId() => Interlocked.Increment(ref _nextId);

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Postgres.InitializeAsync(), RabbitMQ.InitializeAsync());
        Receiver = await Receiver.StartAsync(TestSecrets.NewApiKey());
        Api = new AlertsApiFactory(Postgres, RabbitMQ, Receiver);
        Api.CreateClient().Dispose();
        // Events published before the subscription is in place would find no queue.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Api.Services.GetRequiredService<EventBusConsumerStatus>().WaitForSubscriptionAsync(timeout.Token);
    }

    public Task PublishAsync(IntegrationEvent @event) => Api.Services.GetRequiredService<IEventBus>().PublishAsync(@event);

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Receiver.DisposeAsync();
        await RabbitMQ.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AlertsCollection : ICollectionFixture<AlertsFixture>
{
    public const string Name = "alerts";
}
