using System.Net;
using ActionsDashboard.TestInfrastructure;
using Webhooks.Api.FunctionalTests.Infrastructure;

namespace Webhooks.Api.FunctionalTests;

[Collection(ServersCollection.Name)]
public sealed class DeduplicationTests(WebhooksApiFixture fixture) : ApiTestBase(fixture)
{
    private static readonly byte[] Body = Samples.Webhook("workflow_job.completed.success.json");

    [Fact]
    public async Task Redelivery_with_the_same_delivery_id_is_answered_200_and_not_processed_again()
    {
        var deliveryId = Guid.NewGuid().ToString();
        using var first = await Client.SendAsync(GitHubDelivery.Json("workflow_job", Body, WebhooksApiFactory.Secret, deliveryId));

        using var second = await Client.SendAsync(GitHubDelivery.Json("workflow_job", Body, WebhooksApiFactory.Secret, deliveryId));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("\"duplicate\"", await second.Content.ReadAsStringAsync());
        Assert.Equal(1, await Api.CountAsync("SELECT count(*) FROM deliveries WHERE id = @id", ("id", deliveryId)));
        Assert.Equal(1, await OutboxRowsAsync(deliveryId));
    }

    [Fact]
    public async Task Identical_deliveries_arriving_at_once_are_stored_once_one_202_and_the_others_200()
    {
        var deliveryId = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => Client.SendAsync(GitHubDelivery.Json("workflow_job", Body, WebhooksApiFactory.Secret, deliveryId))));

        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Accepted);
        Assert.Equal(7, responses.Count(response => response.StatusCode == HttpStatusCode.OK));
        Assert.Equal(1, await OutboxRowsAsync(deliveryId));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
