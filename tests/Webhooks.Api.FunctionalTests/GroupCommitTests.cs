using System.Net;
using ActionsDashboard.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Api.FunctionalTests.Infrastructure;
using Webhooks.Api.Services;

namespace Webhooks.Api.FunctionalTests;

/// <summary>
/// Deliveries that arrive while a write is running are stored together by the next one (group commit). The batches
/// here are built on purpose: the deliveries table is held locked while the writer's statement waits, and the
/// deliveries posted meanwhile queue in a known order.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class GroupCommitTests(WebhooksApiFixture fixture) : ApiTestBase(fixture)
{
    private static readonly byte[] Sample = Samples.Webhook("workflow_job.completed.success.json");

    private DeliveryBatchWriter Writer => Api.Services.GetRequiredService<DeliveryBatchWriter>();

    [Fact]
    public async Task Deliveries_queued_during_a_write_are_stored_by_one_commit_with_their_events_in_arrival_order()
    {
        var deliveryIds = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid().ToString()).ToArray();
        await using var held = await DeliveriesLock.TakeAsync(Api);
        var blocked = Client.SendAsync(GitHubDelivery.Json("workflow_job", DistinctBody.Of(Sample), WebhooksApiFactory.Secret));
        await held.WaitForBlockedInsertAsync();
        var queued = await QueueInOrderAsync(deliveryIds.Select(id => GitHubDelivery.Json("workflow_job", DistinctBody.Of(Sample), WebhooksApiFactory.Secret, id)));

        await held.ReleaseAsync();
        var responses = await Task.WhenAll(queued.Prepend(blocked));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        var rows = await Api.QueryAsync("""
            SELECT d.id, d.xmin::text, m.content FROM deliveries d JOIN outbox_messages m ON m.delivery_id = d.id
            WHERE d.id = ANY(@ids) ORDER BY m.sequence
            """, row => (Id: row.GetString(0), Transaction: row.GetString(1), Content: row.GetString(2)), ("ids", deliveryIds));
        Assert.Equal(deliveryIds, rows.Select(row => row.Id));
        Assert.Single(rows.Select(row => row.Transaction).Distinct());
        Assert.All(rows, row => Assert.Contains(row.Id, row.Content));
        Dispose(responses);
    }

    [Fact]
    public async Task Many_deliveries_posted_at_once_are_all_stored_each_with_its_own_event()
    {
        var deliveryIds = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid().ToString()).ToArray();

        var responses = await Task.WhenAll(deliveryIds.Select(id =>
            Client.SendAsync(GitHubDelivery.Json("workflow_job", DistinctBody.Of(Sample), WebhooksApiFactory.Secret, id))));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        var events = await Api.QueryAsync(
            "SELECT delivery_id, content FROM outbox_messages WHERE delivery_id = ANY(@ids)",
            row => (DeliveryId: row.GetString(0), Content: row.GetString(1)), ("ids", deliveryIds));
        Assert.Equal(deliveryIds.Order(), events.Select(e => e.DeliveryId).Order());
        Assert.All(events, e => Assert.Contains(e.DeliveryId, e.Content));
        Assert.Equal(100, await Api.CountAsync("SELECT count(*) FROM deliveries WHERE id = ANY(@ids) AND state IN ('Received', 'Processed')",
            ("ids", deliveryIds)));
        Dispose(responses);
    }

    [Fact]
    public async Task Copies_of_a_delivery_in_one_batch_are_stored_once_and_the_later_ones_answered_as_duplicates()
    {
        var (body, otherBody) = (DistinctBody.Of(Sample), DistinctBody.Of(Sample));
        var (redelivered, original, replay) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        await using var held = await DeliveriesLock.TakeAsync(Api);
        var blocked = Client.SendAsync(GitHubDelivery.Json("workflow_job", DistinctBody.Of(Sample), WebhooksApiFactory.Secret));
        await held.WaitForBlockedInsertAsync();
        var queued = await QueueInOrderAsync([
            GitHubDelivery.Json("workflow_job", body, WebhooksApiFactory.Secret, redelivered),
            GitHubDelivery.Json("workflow_job", body, WebhooksApiFactory.Secret, redelivered),
            GitHubDelivery.Json("workflow_job", otherBody, WebhooksApiFactory.Secret, original),
            GitHubDelivery.Json("workflow_job", otherBody, WebhooksApiFactory.Secret, replay),
        ]);

        await held.ReleaseAsync();
        var responses = await Task.WhenAll(queued);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.OK, HttpStatusCode.Accepted, HttpStatusCode.OK], responses.Select(r => r.StatusCode));
        Assert.Contains("\"duplicate\"", await responses[1].Content.ReadAsStringAsync());
        Assert.Contains("\"duplicate\"", await responses[3].Content.ReadAsStringAsync());
        Assert.Equal(1, await Api.CountAsync("SELECT count(*) FROM deliveries WHERE id = @id", ("id", redelivered)));
        Assert.Equal(1, await Api.CountAsync("SELECT count(*) FROM deliveries WHERE payload = @payload", ("payload", otherBody)));
        Assert.Equal(0, await Api.CountAsync("SELECT count(*) FROM deliveries WHERE id = @id", ("id", replay)));
        Assert.Equal(1, await OutboxRowsAsync(redelivered));
        Assert.Equal(1, await OutboxRowsAsync(original));
        Assert.Equal(0, await OutboxRowsAsync(replay));
        (await blocked).Dispose();
        Dispose(responses);
    }

    [Fact]
    public async Task A_payload_first_seen_under_an_id_already_stored_is_still_stored_under_its_copys_new_id()
    {
        // The first of the two copies is a duplicate of an older row by its id alone; its payload is new, so the copy
        // carrying that payload under a fresh id is a new delivery, as it would be had they come one after the other.
        var takenId = Guid.NewGuid().ToString();
        using (var earlier = await Client.SendAsync(GitHubDelivery.Json("workflow_job", DistinctBody.Of(Sample), WebhooksApiFactory.Secret, takenId)))
        {
            Assert.Equal(HttpStatusCode.Accepted, earlier.StatusCode);
        }

        var newBody = DistinctBody.Of(Sample);
        var freshId = Guid.NewGuid().ToString();
        await using var held = await DeliveriesLock.TakeAsync(Api);
        var blocked = Client.SendAsync(GitHubDelivery.Json("workflow_job", DistinctBody.Of(Sample), WebhooksApiFactory.Secret));
        await held.WaitForBlockedInsertAsync();
        var queued = await QueueInOrderAsync([
            GitHubDelivery.Json("workflow_job", newBody, WebhooksApiFactory.Secret, takenId),
            GitHubDelivery.Json("workflow_job", newBody, WebhooksApiFactory.Secret, freshId),
        ]);

        await held.ReleaseAsync();
        var responses = await Task.WhenAll(queued);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Accepted], responses.Select(r => r.StatusCode));
        Assert.Equal([freshId], await Api.QueryAsync("SELECT id FROM deliveries WHERE payload = @payload", row => row.GetString(0), ("payload", newBody)));
        Assert.Equal(1, await OutboxRowsAsync(takenId));
        Assert.Equal(1, await OutboxRowsAsync(freshId));
        (await blocked).Dispose();
        Dispose(responses);
    }

    /// <summary>Posts each request once the one before it is queued, so the queue holds them in the order given.</summary>
    private async Task<List<Task<HttpResponseMessage>>> QueueInOrderAsync(IEnumerable<HttpRequestMessage> requests)
    {
        var answers = new List<Task<HttpResponseMessage>>();
        foreach (var request in requests)
        {
            var before = Writer.Queued;
            answers.Add(Client.SendAsync(request));
            await Eventually.WaitUntilAsync(() => Writer.Queued == before + 1, Eventually.DefaultTimeout, "for the delivery to queue behind the held write");
        }

        return answers;
    }

    private static void Dispose(IEnumerable<HttpResponseMessage> responses)
    {
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
