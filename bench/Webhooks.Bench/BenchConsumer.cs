using System.Collections.Concurrent;
using ActionsDashboard.EventBus;
using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.IntegrationEvents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Webhooks.Bench;

/// <summary>A consuming service (its own durable queue) that notes when each delivery's event reached its handler.</summary>
internal sealed class BenchConsumer : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchConsumer(IHost host, Arrivals arrivals)
    {
        _host = host;
        Arrivals = arrivals;
    }

    public Arrivals Arrivals { get; }

    public static async Task<BenchConsumer> StartAsync(string connectionString, string exchange)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "BenchConsumer", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:eventbus"] = connectionString,
            ["EventBus:ExchangeName"] = exchange,
            ["EventBus:QueueName"] = "bench-consumer",
            ["EventBus:PrefetchCount"] = "256",
            // The consumer stands in for another service, which runs in a process of its own. Here it shares Webhooks.Api's
            // process, where a tracer provider of its own (Aspire.RabbitMQ.Client's) would process every publish span
            // a second time and charge it to Webhooks.Api; a process of its own would record only its own spans.
            ["Aspire:RabbitMQ:Client:DisableTracing"] = "true",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var arrivals = new Arrivals();
        builder.Services.AddSingleton(arrivals);
        builder.AddRabbitMQEventBus("eventbus")
            .AddSubscription<WorkflowJobChanged, JobArrivalHandler>()
            .AddSubscription<WorkflowRunChanged, RunArrivalHandler>();
        var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<EventBusConsumerStatus>().WaitForSubscriptionAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return new BenchConsumer(host, arrivals);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
    }
}

internal sealed class Arrivals
{
    private readonly ConcurrentDictionary<string, (Guid EventId, DateTime ReceivedUtc)> _byDelivery = new();

    public int Count => _byDelivery.Count;

    public bool TryGet(string deliveryId, out (Guid EventId, DateTime ReceivedUtc) arrival) => _byDelivery.TryGetValue(deliveryId, out arrival);

    public void Record(string deliveryId, Guid eventId) => _byDelivery.TryAdd(deliveryId, (eventId, DateTime.UtcNow));
}

internal sealed class JobArrivalHandler(Arrivals arrivals) : IIntegrationEventHandler<WorkflowJobChanged>
{
    public Task HandleAsync(WorkflowJobChanged @event, CancellationToken cancellationToken)
    {
        arrivals.Record(@event.DeliveryId, @event.Id);
        return Task.CompletedTask;
    }
}

internal sealed class RunArrivalHandler(Arrivals arrivals) : IIntegrationEventHandler<WorkflowRunChanged>
{
    public Task HandleAsync(WorkflowRunChanged @event, CancellationToken cancellationToken)
    {
        arrivals.Record(@event.DeliveryId, @event.Id);
        return Task.CompletedTask;
    }
}
