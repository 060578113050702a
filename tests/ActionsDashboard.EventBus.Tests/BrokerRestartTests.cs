using ActionsDashboard.EventBus.Tests.Infrastructure;
using ActionsDashboard.IntegrationEvents;
using ActionsDashboard.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ActionsDashboard.EventBus.Tests;

[Collection(BrokerCollection.Name)]
public sealed class BrokerRestartTests(RabbitMQServerFixture broker)
{
    [Fact]
    public async Task Publishing_and_consuming_carry_on_after_the_broker_restarts()
    {
        var exchange = SampleEvents.NewExchange();
        var recorder = new Recorder();
        await using var consumer = await BusHost.StartAsync(broker.ConnectionString, exchange, SampleEvents.NewQueue(),
            services: services => services.AddSingleton(recorder),
            subscribe: bus => bus.AddSubscription<WorkflowRunChanged, RecordingHandler>());
        await using var publisher = await BusHost.StartAsync(broker.ConnectionString, exchange);
        await publisher.Bus.PublishAsync(SampleEvents.Run(runId: 1));
        await Eventually.WaitUntilAsync(() => recorder.Count == 1, TimeSpan.FromSeconds(15), "for the event before the restart");

        await broker.StopAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => publisher.Bus.PublishAsync(SampleEvents.Run(runId: 2)));
        await broker.StartAsync();

        // The connection recovers on its own a few seconds after the broker is back; publishing fails until then.
        await Eventually.WaitForAsync(async () =>
        {
            try
            {
                await publisher.Bus.PublishAsync(SampleEvents.Run(runId: 3));
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }, published => published, TimeSpan.FromSeconds(30), "for publishing to work again after the restart");
        await Eventually.WaitUntilAsync(() => recorder.Events.Any(e => e.RunId == 3), TimeSpan.FromSeconds(15),
            "for the consumer to receive an event published after the restart");
        Assert.DoesNotContain(recorder.Events, e => e.RunId == 2);
    }
}
