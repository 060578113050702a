using ActionsDashboard.EventBus;
using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.EventBus.Events;
using ActionsDashboard.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Api.FunctionalTests.Infrastructure;

/// <summary>Real PostgreSQL and RabbitMQ, the receiver, one Alerts.Api with loopback destinations allowed (demo mode) and
/// no SMTP server, and <see cref="EmailApi"/>, another one whose <c>Alerts:Smtp</c> is <see cref="Smtp"/> (a real SMTP server
/// on loopback). Tests keep apart by user and repository.</summary>
public sealed class AlertsFixture : IAsyncLifetime
{
    public PostgresServerFixture Postgres { get; } = new();

    public RabbitMQServerFixture RabbitMQ { get; } = new();

    public Receiver Receiver { get; private set; } = null!;

    public AlertsApiFactory Api { get; private set; } = null!;

    public SmtpTestServer Smtp { get; private set; } = null!;

    /// <summary>Alerts.Api with e-mail alerts through <see cref="Smtp"/>.</summary>
    public AlertsApiFactory EmailApi { get; private set; } = null!;

    public const string MailFrom = "alerts@dashboard.example";

    private long _nextId = 1000;

    /// <summary>A fresh id for a user, repository or run.</summary>
    public long NextId() => Interlocked.Increment(ref _nextId);

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Postgres.InitializeAsync(), RabbitMQ.InitializeAsync());
        Receiver = await Receiver.StartAsync(TestSecrets.NewApiKey());
        Smtp = await SmtpTestServer.StartAsync();
        Api = await StartApiAsync();
        EmailApi = await StartApiAsync(SmtpSettings(Smtp.Port));
    }

    /// <summary><c>Alerts:Smtp</c> for an SMTP server on loopback at <paramref name="port"/>, plain (no TLS), no authentication.</summary>
    public static Dictionary<string, string?> SmtpSettings(int port) => new()
    {
        ["Alerts:Smtp:Host"] = "127.0.0.1",
        ["Alerts:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Alerts:Smtp:From"] = MailFrom,
        ["Alerts:Smtp:Security"] = "None",
    };

    /// <summary>Another Alerts.Api on the collection's servers (its own database and exchange), subscribed and ready; the caller disposes it.</summary>
    public async Task<AlertsApiFactory> StartApiAsync(IDictionary<string, string?>? settings = null)
    {
        var api = new AlertsApiFactory(Postgres, RabbitMQ, Receiver, settings);
        api.CreateClient().Dispose();
        // Events published before the subscription is in place would find no queue.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await api.Services.GetRequiredService<EventBusConsumerStatus>().WaitForSubscriptionAsync(timeout.Token);
        return api;
    }

    public Task PublishAsync(IntegrationEvent @event) => PublishAsync(Api, @event);

    public static Task PublishAsync(AlertsApiFactory api, IntegrationEvent @event) => api.Services.GetRequiredService<IEventBus>().PublishAsync(@event);

    public async Task DisposeAsync()
    {
        await EmailApi.DisposeAsync();
        await Api.DisposeAsync();
        await Smtp.DisposeAsync();
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
