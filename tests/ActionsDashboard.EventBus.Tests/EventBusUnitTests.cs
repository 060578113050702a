using System.Diagnostics;
using System.Text.Json.Nodes;
using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.EventBus.Idempotency;
using ActionsDashboard.EventBus.RabbitMQ;
using ActionsDashboard.EventBus.Tests.Infrastructure;
using ActionsDashboard.IntegrationEvents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.EventBus.Tests;

public sealed class EventBusUnitTests
{
    [Fact]
    public void Serialized_event_carries_its_id_type_name_and_the_current_trace_context()
    {
        var serializer = new IntegrationEventSerializer(Options.Create(new EventBusSubscriptionInfo()));
        using var source = new ActivitySource("EventBusUnitTests");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var sent = SampleEvents.Run();

        SerializedIntegrationEvent serialized;
        using (var activity = source.StartActivity("request"))
        {
            activity!.TraceStateString = "vendor=1";
            serialized = serializer.Serialize(sent);
            Assert.Equal(activity.Id, serialized.TraceParent);
        }

        Assert.Equal(sent.Id, serialized.Id);
        Assert.Equal("WorkflowRunChanged", serialized.EventType);
        Assert.Equal("vendor=1", serialized.TraceState);
        var json = JsonNode.Parse(serialized.Body.Span)!;
        Assert.Equal(sent.Id.ToString(), (string?)json["id"]);
        Assert.Equal("octo-org/octo-repo", (string?)json["repository"]!["fullName"]);
        Assert.Equal(sent, serializer.Deserialize(serialized.Body.Span, typeof(WorkflowRunChanged)) as WorkflowRunChanged
            is { } back ? back with { PullRequestNumbers = sent.PullRequestNumbers } : null);
    }

    [Fact]
    public void Body_that_is_not_the_event_shape_is_a_poison_message()
    {
        var serializer = new IntegrationEventSerializer(Options.Create(new EventBusSubscriptionInfo()));

        Assert.Throws<PoisonMessageException>(() => serializer.Deserialize("{\"runId\":\"not a number\"}"u8, typeof(WorkflowRunChanged)));
        Assert.Throws<PoisonMessageException>(() => serializer.Deserialize("null"u8, typeof(WorkflowRunChanged)));
    }

    [Fact]
    public async Task In_memory_store_forgets_the_oldest_ids_beyond_its_capacity()
    {
        var store = new InMemoryProcessedEventStore(capacity: 2);
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };

        foreach (var id in ids)
        {
            await store.MarkProcessedAsync("consumer", id, default);
        }

        Assert.False(await store.HasProcessedAsync("consumer", ids[0], default));
        Assert.True(await store.HasProcessedAsync("consumer", ids[2], default));
        Assert.False(await store.HasProcessedAsync("another consumer", ids[2], default));
    }

    [Fact]
    public async Task Idempotent_handler_that_throws_is_not_marked_so_the_redelivery_runs_it()
    {
        var recorder = new Recorder();
        var store = new InMemoryProcessedEventStore();
        var handler = new FlakyIdempotentHandler(recorder, store);
        var sent = SampleEvents.Run();

        await Assert.ThrowsAsync<InvalidOperationException>(() => handler.HandleAsync(sent, default));
        await handler.HandleAsync(sent, default);
        await handler.HandleAsync(sent, default);

        Assert.Equal(2, recorder.Count);
    }

    [Fact]
    public void Service_that_subscribes_without_a_queue_name_fails_at_start_up_saying_which_setting_is_missing()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:eventbus"] = "amqp://u:p@127.0.0.1:1" });
        builder.Services.AddSingleton(new Recorder());
        builder.AddRabbitMQEventBus("eventbus").AddSubscription<WorkflowRunChanged, RecordingHandler>();
        using var host = builder.Build();

        var failure = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<RabbitMQEventBusOptions>>().Value);
        Assert.Contains("EventBus:QueueName", failure.Message);
    }

    private sealed class FlakyIdempotentHandler(Recorder recorder, IProcessedEventStore store) : IdempotentIntegrationEventHandler<WorkflowRunChanged>(store)
    {
        private bool _failed;

        protected override Task HandleOnceAsync(WorkflowRunChanged @event, CancellationToken cancellationToken)
        {
            recorder.Record(@event);
            if (!_failed)
            {
                _failed = true;
                throw new InvalidOperationException("first attempt fails");
            }

            return Task.CompletedTask;
        }
    }
}
