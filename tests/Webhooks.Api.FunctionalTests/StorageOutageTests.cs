using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;
using Webhooks.Api.FunctionalTests.Infrastructure;

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
}
