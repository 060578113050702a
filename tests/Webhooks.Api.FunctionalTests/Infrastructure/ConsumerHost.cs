using System.Collections.Concurrent;
using ActionsDashboard.EventBus;
using ActionsDashboard.EventBus.Idempotency;
using ActionsDashboard.IntegrationEvents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Webhooks.Api.FunctionalTests.Infrastructure;

/// <summary>
/// The consumer side, as GitHubProxy.Api or Realtime.Hub would wire it: its own durable queue, subscribed through the
/// bus's registration API, with an idempotent handler that records every event it handles and every call it gets.
/// </summary>
public sealed class ConsumerHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ConsumerHost(IHost host, ReceivedEvents received)
    {
        _host = host;
        Received = received;
    }

    public ReceivedEvents Received { get; }

    public static async Task<ConsumerHost> StartAsync(WebhooksApiFactory api)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "TestConsumer", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:eventbus"] = api.RabbitMQConnectionString,
            ["EventBus:ExchangeName"] = api.ExchangeName,
            ["EventBus:QueueName"] = $"test-consumer-{Guid.NewGuid():N}",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var received = new ReceivedEvents();
        builder.Services.AddSingleton(received);
        builder.AddRabbitMQEventBus("eventbus")
            .AddSubscription<WorkflowRunChanged, WorkflowRunRecorder>()
            .AddSubscription<WorkflowJobChanged, WorkflowJobRecorder>();
        var host = builder.Build();
        await host.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await host.Services.GetRequiredService<EventBusConsumerStatus>().WaitForSubscriptionAsync(timeout.Token);
        return new ConsumerHost(host, received);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
    }
}

public sealed class ReceivedEvents
{
    private readonly ConcurrentQueue<WorkflowRunChanged> _runs = new();
    private readonly ConcurrentQueue<WorkflowJobChanged> _jobs = new();
    private readonly ConcurrentDictionary<Guid, int> _calls = new();
    private int _duplicates;

    public IReadOnlyList<WorkflowRunChanged> Runs => _runs.ToArray();

    public IReadOnlyList<WorkflowJobChanged> Jobs => _jobs.ToArray();

    /// <summary>How many times each event was handled (its effect applied).</summary>
    public IReadOnlyDictionary<Guid, int> HandledPerEvent => _calls;

    /// <summary>Copies the idempotent handlers recognised and skipped.</summary>
    public int Duplicates => _duplicates;

    internal void Handled(Guid eventId) => _calls.AddOrUpdate(eventId, 1, (_, count) => count + 1);

    internal void Duplicate() => Interlocked.Increment(ref _duplicates);

    internal void Add(WorkflowRunChanged run) => _runs.Enqueue(run);

    internal void Add(WorkflowJobChanged job) => _jobs.Enqueue(job);
}

/// <summary>The consumer-side sample handler for <see cref="WorkflowRunChanged"/>.</summary>
public sealed class WorkflowRunRecorder(ReceivedEvents received, IProcessedEventStore store) : IdempotentIntegrationEventHandler<WorkflowRunChanged>(store)
{
    protected override Task HandleOnceAsync(WorkflowRunChanged @event, CancellationToken cancellationToken)
    {
        received.Handled(@event.Id);
        received.Add(@event);
        return Task.CompletedTask;
    }

    protected override Task OnDuplicateAsync(WorkflowRunChanged @event, CancellationToken cancellationToken)
    {
        received.Duplicate();
        return Task.CompletedTask;
    }
}

public sealed class WorkflowJobRecorder(ReceivedEvents received, IProcessedEventStore store) : IdempotentIntegrationEventHandler<WorkflowJobChanged>(store)
{
    protected override Task HandleOnceAsync(WorkflowJobChanged @event, CancellationToken cancellationToken)
    {
        received.Handled(@event.Id);
        received.Add(@event);
        return Task.CompletedTask;
    }

    protected override Task OnDuplicateAsync(WorkflowJobChanged @event, CancellationToken cancellationToken)
    {
        received.Duplicate();
        return Task.CompletedTask;
    }
}
