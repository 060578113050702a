using ActionsDashboard.TestInfrastructure;

namespace Webhooks.Api.FunctionalTests.Infrastructure;

/// <summary>
/// One Webhooks.Api per test class (its own database and exchange) on the collection's servers: starting the app
/// and migrating a database per test would cost more than the tests.
/// </summary>
public sealed class WebhooksApiFixture(PostgresServerFixture postgres, RabbitMQServerFixture rabbitMQ) : IAsyncLifetime
{
    public PostgresServerFixture Postgres { get; } = postgres;

    public RabbitMQServerFixture RabbitMQ { get; } = rabbitMQ;

    public WebhooksApiFactory Api { get; } = new(postgres, rabbitMQ);

    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = Api.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Api.DisposeAsync();
    }
}

public abstract class ApiTestBase(WebhooksApiFixture fixture) : IClassFixture<WebhooksApiFixture>
{
    protected PostgresServerFixture Postgres => fixture.Postgres;

    protected RabbitMQServerFixture RabbitMQ => fixture.RabbitMQ;

    protected WebhooksApiFactory Api => fixture.Api;

    protected HttpClient Client => fixture.Client;

    protected Task<long> StoredDeliveriesAsync() => Api.CountAsync("SELECT count(*) FROM deliveries");

    protected Task<long> OutboxRowsAsync(string deliveryId) =>
        Api.CountAsync("SELECT count(*) FROM outbox_messages WHERE delivery_id = @id", ("id", deliveryId));
}
