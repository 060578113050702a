using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using ActionsDashboard.EventBus.Telemetry;
using ActionsDashboard.EventBus.Tests.Infrastructure;
using ActionsDashboard.IntegrationEvents;
using ActionsDashboard.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace ActionsDashboard.EventBus.Tests;

[Collection(BrokerCollection.Name)]
public sealed class RabbitMQEventBusTests(RabbitMQServerFixture broker)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Published_event_reaches_a_subscribed_handler_with_every_field()
    {
        var exchange = SampleEvents.NewExchange();
        var recorder = new Recorder();
        await using var consumer = await StartConsumerAsync(exchange, SampleEvents.NewQueue(), recorder);
        await using var publisher = await BusHost.StartAsync(broker.ConnectionString, exchange);
        var sent = SampleEvents.Run();

        await publisher.Bus.PublishAsync(sent);

        await Eventually.WaitUntilAsync(() => recorder.Count == 1, Timeout, "for the handler to receive the event");
        var received = recorder.Events.Single();
        Assert.Equal(sent with { PullRequestNumbers = received.PullRequestNumbers }, received);
        Assert.Equal(sent.PullRequestNumbers, received.PullRequestNumbers);
    }

    [Fact]
    public async Task Messages_are_persistent_on_a_durable_topic_exchange_routed_by_event_type_with_trace_context()
    {
        var exchange = SampleEvents.NewExchange();
        await using var publisher = await BusHost.StartAsync(broker.ConnectionString, exchange);
        await using var raw = await RawBroker.ConnectAsync(broker.ConnectionString);
        await raw.Channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true);
        var queue = (await raw.Channel.QueueDeclareAsync()).QueueName;
        await raw.Channel.QueueBindAsync(queue, exchange, nameof(WorkflowRunChanged));
        using var source = new ActivitySource("EventBusTests.Caller");
        using var listener = ListenTo(source.Name);
        var sent = SampleEvents.Run();

        using (source.StartActivity("webhook request"))
        {
            await publisher.Bus.PublishAsync(sent);
        }

        var message = await Eventually.WaitForAsync(() => raw.GetAsync(queue), got => got is not null, Timeout, "for the raw message");
        Assert.Equal(nameof(WorkflowRunChanged), message!.RoutingKey);
        Assert.Equal(DeliveryModes.Persistent, message.BasicProperties.DeliveryMode);
        Assert.Equal(nameof(WorkflowRunChanged), message.BasicProperties.Type);
        Assert.Equal(sent.Id.ToString(), message.BasicProperties.MessageId);
        Assert.Equal("application/json", message.BasicProperties.ContentType);
        var traceParent = Encoding.UTF8.GetString((byte[])message.BasicProperties.Headers![EventBusTelemetry.TraceParentHeader]!);
        // W3C trace context: the flags byte may carry more than "sampled" (level 2 adds 0x02, a random trace id).
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}\\z", traceParent);
        Assert.Equal(sent.RunId, (long)JsonNode.Parse(message.Body.Span)!["runId"]!);
        // The exchange the bus declared is a durable topic exchange: declaring it differently must fail.
        await using var check = await RawBroker.ConnectAsync(broker.ConnectionString);
        await Assert.ThrowsAnyAsync<Exception>(() => check.Channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true));
    }

    [Fact]
    public async Task Consumer_span_continues_the_publishers_trace()
    {
        var exchange = SampleEvents.NewExchange();
        var recorder = new Recorder();
        using var source = new ActivitySource("EventBusTests.Caller");
        using var listener = ListenTo(source.Name, EventBusTelemetry.ActivitySourceName);
        await using var consumer = await StartConsumerAsync(exchange, SampleEvents.NewQueue(), recorder);
        await using var publisher = await BusHost.StartAsync(broker.ConnectionString, exchange);

        ActivityTraceId traceId;
        using (var request = source.StartActivity("webhook request"))
        {
            traceId = request!.TraceId;
            await publisher.Bus.PublishAsync(SampleEvents.Run());
        }

        await Eventually.WaitUntilAsync(() => recorder.Count == 1, Timeout, "for the handler to receive the event");
        var (_, context) = recorder.Calls.Single();
        Assert.Equal(traceId, context.TraceId);
    }

    [Fact]
    public async Task Handler_that_throws_mid_handling_gets_the_message_again()
    {
        var exchange = SampleEvents.NewExchange();
        var recorder = new Recorder { FailuresToThrow = 2 };
        await using var consumer = await StartConsumerAsync(exchange, SampleEvents.NewQueue(), recorder);
        await using var publisher = await BusHost.StartAsync(broker.ConnectionString, exchange);
        var sent = SampleEvents.Run();

        await publisher.Bus.PublishAsync(sent);

        await Eventually.WaitUntilAsync(() => recorder.Count == 3 && recorder.FailuresToThrow == 0, Timeout,
            "for two failed deliveries and a third that succeeds");
        Assert.All(recorder.Events, received => Assert.Equal(sent.Id, received.Id));
    }

    [Fact]
    public async Task Message_that_keeps_failing_is_dead_lettered_after_max_delivery_attempts()
    {
        var exchange = SampleEvents.NewExchange();
        var queue = SampleEvents.NewQueue();
        var recorder = new Recorder { FailuresToThrow = -1 };
        await using var consumer = await StartConsumerAsync(exchange, queue, recorder, new() { ["EventBus:MaxDeliveryAttempts"] = "3" });
        await using var publisher = await BusHost.StartAsync(broker.ConnectionString, exchange);
        await using var raw = await RawBroker.ConnectAsync(broker.ConnectionString);
        var sent = SampleEvents.Run();

        await publisher.Bus.PublishAsync(sent);

        var deadLetter = await Eventually.WaitForAsync(() => raw.GetAsync($"{queue}.dlq"), got => got is not null, Timeout,
            "for the message in the dead-letter queue");
        Assert.Equal(3, recorder.Count);
        Assert.Equal(sent.Id.ToString(), deadLetter!.BasicProperties.MessageId);
        Assert.Equal(3, (int)deadLetter.BasicProperties.Headers!["x-retry-count"]!);
        Assert.Equal("max-delivery-attempts", Encoding.UTF8.GetString((byte[])deadLetter.BasicProperties.Headers["x-dead-letter-reason"]!));
        Assert.Contains("crashed mid-handling", Encoding.UTF8.GetString((byte[])deadLetter.BasicProperties.Headers["x-last-error"]!));
        Assert.Equal(0u, await raw.MessageCountAsync(queue));
    }

    [Fact]
    public async Task Poison_message_is_dead_lettered_at_once_without_retries()
    {
        var exchange = SampleEvents.NewExchange();
        var queue = SampleEvents.NewQueue();
        var recorder = new Recorder();
        await using var consumer = await StartConsumerAsync(exchange, queue, recorder);
        await using var raw = await RawBroker.ConnectAsync(broker.ConnectionString);

        await raw.Channel.BasicPublishAsync(exchange, nameof(WorkflowRunChanged), mandatory: false,
            new BasicProperties { Type = nameof(WorkflowRunChanged), MessageId = "not-json" }, Encoding.UTF8.GetBytes("{not json"));

        var deadLetter = await Eventually.WaitForAsync(() => raw.GetAsync($"{queue}.dlq"), got => got is not null, Timeout,
            "for the poison message in the dead-letter queue");
        Assert.Equal("poison", Encoding.UTF8.GetString((byte[])deadLetter!.BasicProperties.Headers!["x-dead-letter-reason"]!));
        Assert.Equal(1, (int)deadLetter.BasicProperties.Headers["x-retry-count"]!);
        Assert.Equal(0, recorder.Count);
    }

    [Fact]
    public async Task Failed_message_waits_out_the_retry_delay_in_the_retry_queue()
    {
        var exchange = SampleEvents.NewExchange();
        var recorder = new Recorder { FailuresToThrow = 1 };
        await using var consumer = await StartConsumerAsync(exchange, SampleEvents.NewQueue(), recorder,
            new() { ["EventBus:RetryDelay"] = "00:00:00.400" });
        await using var publisher = await BusHost.StartAsync(broker.ConnectionString, exchange);
        var stopwatch = Stopwatch.StartNew();

        await publisher.Bus.PublishAsync(SampleEvents.Run());
        await Eventually.WaitUntilAsync(() => recorder.Count == 1, Timeout, "for the first, failing delivery");
        var firstAt = stopwatch.Elapsed;
        await Eventually.WaitUntilAsync(() => recorder.Count == 2, Timeout, "for the retried delivery");

        Assert.InRange(stopwatch.Elapsed - firstAt, TimeSpan.FromMilliseconds(350), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Consumer_that_dies_mid_handling_leaves_the_message_for_another_consumer()
    {
        var exchange = SampleEvents.NewExchange();
        var queue = SampleEvents.NewQueue();
        var dying = new Recorder { Block = new TaskCompletionSource() };
        var survivor = new Recorder();
        var first = await StartConsumerAsync(exchange, queue, dying);
        await using var publisher = await BusHost.StartAsync(broker.ConnectionString, exchange);
        var sent = SampleEvents.Run();
        await publisher.Bus.PublishAsync(sent);
        await Eventually.WaitUntilAsync(() => dying.Count == 1, Timeout, "for the first consumer to start handling");

        await using var second = await StartConsumerAsync(exchange, queue, survivor);
        await first.DisposeAsync();

        await Eventually.WaitUntilAsync(() => survivor.Count == 1, Timeout, "for the unacknowledged message to reach the other consumer");
        Assert.Equal(sent.Id, survivor.Events.Single().Id);
    }

    [Fact]
    public async Task Every_instance_queue_receives_every_event()
    {
        var exchange = SampleEvents.NewExchange();
        var queue = SampleEvents.NewQueue();
        var one = new Recorder();
        var two = new Recorder();
        var instance = new Dictionary<string, string?> { ["EventBus:InstanceQueue"] = "true" };
        await using var first = await StartConsumerAsync(exchange, queue, one, instance);
        await using var second = await StartConsumerAsync(exchange, queue, two, instance);
        await using var publisher = await BusHost.StartAsync(broker.ConnectionString, exchange);

        for (var run = 1; run <= 5; run++)
        {
            await publisher.Bus.PublishAsync(SampleEvents.Run(run));
        }

        await Eventually.WaitUntilAsync(() => one.Count == 5 && two.Count == 5, Timeout, "for both instances to receive all five events");
        Assert.Equal(one.Events.Select(e => e.Id), two.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task Replicas_sharing_a_durable_queue_split_the_events_between_them()
    {
        var exchange = SampleEvents.NewExchange();
        var queue = SampleEvents.NewQueue();
        var one = new Recorder();
        var two = new Recorder();
        var prefetchOne = new Dictionary<string, string?> { ["EventBus:PrefetchCount"] = "1" };
        await using var first = await StartConsumerAsync(exchange, queue, one, prefetchOne);
        await using var second = await StartConsumerAsync(exchange, queue, two, prefetchOne);
        await using var publisher = await BusHost.StartAsync(broker.ConnectionString, exchange);

        for (var run = 1; run <= 20; run++)
        {
            await publisher.Bus.PublishAsync(SampleEvents.Run(run));
        }

        await Eventually.WaitUntilAsync(() => one.Count + two.Count == 20, Timeout, "for all twenty events to be handled");
        Assert.Empty(one.Events.Select(e => e.Id).Intersect(two.Events.Select(e => e.Id)));
    }

    [Fact]
    public async Task Idempotent_handler_handles_a_republished_event_once()
    {
        var exchange = SampleEvents.NewExchange();
        var recorder = new Recorder();
        await using var consumer = await BusHost.StartAsync(broker.ConnectionString, exchange, SampleEvents.NewQueue(),
            services: services => services.AddSingleton(recorder),
            subscribe: bus => bus.AddSubscription<WorkflowRunChanged, IdempotentRecordingHandler>());
        await using var publisher = await BusHost.StartAsync(broker.ConnectionString, exchange);
        var sent = SampleEvents.Run();
        var serialized = publisher.Services.GetRequiredService<IntegrationEventSerializer>().Serialize(sent);

        await publisher.Bus.PublishAsync(serialized);
        await publisher.Bus.PublishAsync(serialized);
        await publisher.Bus.PublishAsync(SampleEvents.Run(runId: 2));

        await Eventually.WaitUntilAsync(() => recorder.Events.Any(e => e.RunId == 2), Timeout, "for the event published after the duplicate");
        Assert.Single(recorder.Events, e => e.Id == sent.Id);
    }

    private Task<BusHost> StartConsumerAsync(string exchange, string queue, Recorder recorder, Dictionary<string, string?>? settings = null) =>
        BusHost.StartAsync(broker.ConnectionString, exchange, queue, settings,
            services: services => services.AddSingleton(recorder),
            subscribe: bus => bus.AddSubscription<WorkflowRunChanged, RecordingHandler>());

    private static ActivityListener ListenTo(params string[] sources)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
