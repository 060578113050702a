using System.Net;
using System.Security.Cryptography;
using ActionsDashboard.TestInfrastructure;
using Webhooks.Api.FunctionalTests.Infrastructure;

namespace Webhooks.Api.FunctionalTests;

[Collection(ServersCollection.Name)]
public sealed class DeduplicationTests(WebhooksApiFixture fixture) : ApiTestBase(fixture)
{
    private static readonly byte[] Sample = Samples.Webhook("workflow_job.completed.success.json");

    [Fact]
    public async Task Redelivery_with_the_same_delivery_id_is_answered_200_and_not_processed_again()
    {
        var body = DistinctBody.Of(Sample);
        var deliveryId = Guid.NewGuid().ToString();
        using var first = await Client.SendAsync(GitHubDelivery.Json("workflow_job", body, WebhooksApiFactory.Secret, deliveryId));

        using var second = await Client.SendAsync(GitHubDelivery.Json("workflow_job", body, WebhooksApiFactory.Secret, deliveryId));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("\"duplicate\"", await second.Content.ReadAsStringAsync());
        Assert.Equal(1, await Api.CountAsync("SELECT count(*) FROM deliveries WHERE id = @id", ("id", deliveryId)));
        Assert.Equal(1, await OutboxRowsAsync(deliveryId));
    }

    [Fact]
    public async Task Identical_deliveries_arriving_at_once_are_stored_once_one_202_and_the_others_200()
    {
        var body = DistinctBody.Of(Sample);
        var deliveryId = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => Client.SendAsync(GitHubDelivery.Json("workflow_job", body, WebhooksApiFactory.Secret, deliveryId))));

        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Accepted);
        Assert.Equal(7, responses.Count(response => response.StatusCode == HttpStatusCode.OK));
        Assert.Equal(1, await OutboxRowsAsync(deliveryId));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Signed_body_replayed_under_a_new_delivery_id_is_answered_200_and_not_stored_again()
    {
        var body = DistinctBody.Of(Sample);
        var original = Guid.NewGuid().ToString();
        var replay = Guid.NewGuid().ToString();
        using var first = await Client.SendAsync(GitHubDelivery.Json("workflow_job", body, WebhooksApiFactory.Secret, original));

        using var second = await Client.SendAsync(GitHubDelivery.Json("workflow_job", body, WebhooksApiFactory.Secret, replay));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("\"duplicate\"", await second.Content.ReadAsStringAsync());
        Assert.Equal(1, await Api.CountAsync("SELECT count(*) FROM deliveries WHERE payload = @payload", ("payload", body)));
        Assert.Equal(0, await Api.CountAsync("SELECT count(*) FROM deliveries WHERE id = @id", ("id", replay)));
        Assert.Equal(1, await OutboxRowsAsync(original));
        Assert.Equal(0, await OutboxRowsAsync(replay));
    }

    [Fact]
    public async Task Replays_under_new_delivery_ids_arriving_at_once_are_stored_once_one_202_and_the_others_200()
    {
        var body = DistinctBody.Of(Sample);
        var deliveryIds = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid().ToString()).ToArray();

        var responses = await Task.WhenAll(deliveryIds
            .Select(id => Client.SendAsync(GitHubDelivery.Json("workflow_job", body, WebhooksApiFactory.Secret, id))));

        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Accepted);
        Assert.Equal(7, responses.Count(response => response.StatusCode == HttpStatusCode.OK));
        Assert.Equal(1, await Api.CountAsync("SELECT count(*) FROM deliveries WHERE payload = @payload", ("payload", body)));
        Assert.Equal(1, await Api.CountAsync("SELECT count(*) FROM outbox_messages WHERE delivery_id = ANY(@ids)", ("ids", deliveryIds)));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Bodies_that_differ_in_one_value_are_both_stored_under_their_own_delivery_ids()
    {
        var (firstBody, secondBody) = (DistinctBody.Of(Sample), DistinctBody.Of(Sample));
        var (firstId, secondId) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());

        using var first = await Client.SendAsync(GitHubDelivery.Json("workflow_job", firstBody, WebhooksApiFactory.Secret, firstId));
        using var second = await Client.SendAsync(GitHubDelivery.Json("workflow_job", secondBody, WebhooksApiFactory.Secret, secondId));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(1, await OutboxRowsAsync(firstId));
        Assert.Equal(1, await OutboxRowsAsync(secondId));
    }

    [Fact]
    public async Task Stored_payload_hash_is_the_sha256_of_the_payload()
    {
        var body = DistinctBody.Of(Sample);
        var deliveryId = Guid.NewGuid().ToString();

        using var response = await Client.SendAsync(GitHubDelivery.Json("workflow_job", body, WebhooksApiFactory.Secret, deliveryId));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var stored = await Api.QueryAsync("SELECT payload_sha256 FROM deliveries WHERE id = @id", row => (byte[])row[0], ("id", deliveryId));
        Assert.Equal(SHA256.HashData(body), Assert.Single(stored));
    }
}
