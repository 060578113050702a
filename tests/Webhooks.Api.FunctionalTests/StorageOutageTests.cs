using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Webhooks.Api.FunctionalTests.Infrastructure;
using Webhooks.Api.Services;

namespace Webhooks.Api.FunctionalTests;

[Collection(ServersCollection.Name)]
public sealed class StorageOutageTests(WebhooksApiFixture fixture) : ApiTestBase(fixture)
{
    [Fact]
    public async Task Delivery_that_cannot_be_stored_is_refused_with_503_so_github_shows_it_failed()
    {
        var body = Samples.Webhook("workflow_job.queued.json");
        var deliveryId = Guid.NewGuid().ToString();

        await Postgres.StopAsync();
        try
        {
            using var refused = await Client.SendAsync(GitHubDelivery.Json("workflow_job", body, WebhooksApiFactory.Secret, deliveryId));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal("Webhook storage is unavailable", (string?)problem!["title"]);
            Assert.Contains("redeliver", (string?)problem["detail"]);
        }
        finally
        {
            await Postgres.StartAsync();
        }

        // GitHub's manual redelivery keeps the delivery id; once the database is back it is stored as new.
        await Eventually.WaitForAsync(async () =>
        {
            using var redelivery = await Client.SendAsync(GitHubDelivery.Json("workflow_job", body, WebhooksApiFactory.Secret, deliveryId));
            return redelivery.StatusCode;
        }, status => status == HttpStatusCode.Accepted, TimeSpan.FromSeconds(15), "for the redelivery to be stored after the database returns");
        Assert.Equal(1, await OutboxRowsAsync(deliveryId));
    }

    [Fact]
    public async Task Batch_that_cannot_be_stored_is_refused_with_503_to_every_delivery_in_it_and_stores_none_of_them()
    {
        var writer = Api.Services.GetRequiredService<DeliveryBatchWriter>();
        var deliveryIds = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid().ToString()).ToArray();
        var requests = deliveryIds.Select(id =>
            GitHubDelivery.Json("workflow_job", DistinctBody.Of(Samples.Webhook("workflow_job.queued.json")), WebhooksApiFactory.Secret, id)).ToArray();
        // The service's idle connections may predate another test's restart of the server.
        Api.Services.GetRequiredService<NpgsqlDataSource>().Clear();
        HttpResponseMessage[] responses;
        var held = await DeliveriesLock.TakeAsync(Api);
        try
        {
            var blocked = Client.SendAsync(requests[0]);
            await held.WaitForBlockedInsertAsync();
            var queued = new List<Task<HttpResponseMessage>> { blocked };
            foreach (var request in requests.Skip(1))
            {
                var before = writer.Queued;
                queued.Add(Client.SendAsync(request));
                await Eventually.WaitUntilAsync(() => writer.Queued == before + 1, Eventually.DefaultTimeout, "for the delivery to queue behind the held write");
            }

            await Postgres.StopAsync();
            responses = await Task.WhenAll(queued);
        }
        finally
        {
            await held.DisposeAsync();
            await Postgres.StartAsync();
        }

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode));
        foreach (var response in responses)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal("Webhook storage is unavailable", (string?)problem!["title"]);
            response.Dispose();
        }

        NpgsqlConnection.ClearAllPools();
        Assert.Equal(0, await Api.CountAsync("SELECT count(*) FROM deliveries WHERE id = ANY(@ids)", ("ids", deliveryIds)));
        Assert.Equal(0, await Api.CountAsync("SELECT count(*) FROM outbox_messages WHERE delivery_id = ANY(@ids)", ("ids", deliveryIds)));
        Api.Services.GetRequiredService<NpgsqlDataSource>().Clear();
    }
}
