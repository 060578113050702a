using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;
using Webhooks.Api.FunctionalTests.Infrastructure;

namespace Webhooks.Api.FunctionalTests;

[Collection(ServersCollection.Name)]
public sealed class OutboxTests(WebhooksApiFixture fixture) : ApiTestBase(fixture)
{
    [Fact]
    public async Task Deliveries_acknowledged_while_the_broker_is_down_are_all_published_once_it_returns_and_handled_once()
    {
        await using var consumer = await ConsumerHost.StartAsync(Api);
        var body = Samples.Webhook("workflow_run.requested.json");
        using (var warmUp = await Client.SendAsync(GitHubDelivery.Json("workflow_run", body, WebhooksApiFactory.Secret)))
        {
            Assert.Equal(HttpStatusCode.Accepted, warmUp.StatusCode);
        }

        await Eventually.WaitUntilAsync(() => consumer.Received.Runs.Count == 1, TimeSpan.FromSeconds(15), "for the event sent before the outage");

        await RabbitMQ.StopAsync();
        var acknowledged = new List<string>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var deliveryId = Guid.NewGuid().ToString();
                using var response = await Client.SendAsync(GitHubDelivery.Json(i % 2 == 0 ? "workflow_run" : "workflow_job",
                    DistinctBody.Of(Samples.Webhook(i % 2 == 0 ? "workflow_run.completed.json" : "workflow_job.in_progress.json")), WebhooksApiFactory.Secret,
                    deliveryId));
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                acknowledged.Add(deliveryId);
            }

            Assert.Equal(20, await Api.CountAsync("SELECT count(*) FROM outbox_messages WHERE published_at IS NULL AND delivery_id = ANY(@ids)",
                ("ids", acknowledged.ToArray())));

            // Still accepting deliveries, so still ready: the broker outage only degrades the service.
            using var health = await Client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            var report = (await health.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("Degraded", (string?)report["status"]);
            Assert.Equal("Degraded", (string?)report["entries"]!["eventbus"]!["status"]);
        }
        finally
        {
            await RabbitMQ.StartAsync();
        }

        var received = await Eventually.WaitForAsync(
            () => Task.FromResult(consumer.Received.Runs.Select(r => r.DeliveryId).Concat(consumer.Received.Jobs.Select(j => j.DeliveryId)).ToHashSet()),
            deliveryIds => acknowledged.All(deliveryIds.Contains), TimeSpan.FromSeconds(40), "for every delivery acknowledged during the outage to reach the consumer");
        Assert.All(consumer.Received.HandledPerEvent.Values, handled => Assert.Equal(1, handled));
        await Eventually.WaitForAsync(
            () => Api.CountAsync("SELECT count(*) FROM deliveries WHERE state <> 'Processed' AND id = ANY(@ids)", ("ids", acknowledged.ToArray())),
            count => count == 0, TimeSpan.FromSeconds(10), "for every delivery to be marked processed");
        var failedAttempts = await Api.CountAsync("SELECT count(*) FROM outbox_messages WHERE attempts > 1 AND delivery_id = ANY(@ids)",
            ("ids", acknowledged.ToArray()));
        Assert.True(failedAttempts > 0, "publishing was attempted and failed while the broker was down");
    }

    [Fact]
    public async Task Events_leave_the_outbox_in_the_order_their_deliveries_were_stored()
    {
        await using var consumer = await ConsumerHost.StartAsync(Api);
        var sample = Samples.Webhook("workflow_job.queued.json");
        var deliveryIds = new List<string>();

        for (var i = 0; i < 30; i++)
        {
            var deliveryId = Guid.NewGuid().ToString();
            using var response = await Client.SendAsync(GitHubDelivery.Json("workflow_job", DistinctBody.Of(sample), WebhooksApiFactory.Secret, deliveryId));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            deliveryIds.Add(deliveryId);
        }

        await Eventually.WaitUntilAsync(() => consumer.Received.Jobs.Count == 30, TimeSpan.FromSeconds(15), "for all thirty events");
        Assert.Equal(deliveryIds, consumer.Received.Jobs.Select(job => job.DeliveryId));
    }
}
