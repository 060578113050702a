using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;
using Webhooks.Api.FunctionalTests.Infrastructure;

namespace Webhooks.Api.FunctionalTests;

[Collection(ServersCollection.Name)]
public sealed class DeliveriesApiTests(WebhooksApiFixture fixture) : ApiTestBase(fixture)
{
    private const string DeliveriesPath = "/internal/webhooks/deliveries";

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key")]
    [InlineData("Basic aW50ZXJuYWwtdGVzdC1rZXk6")]
    public async Task Internal_routes_refuse_callers_without_the_api_key(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, DeliveriesPath);
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("Internal API key required", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
    }

    [Fact]
    public async Task Internal_routes_do_not_exist_when_no_api_key_is_configured()
    {
        await using var api = new WebhooksApiFactory(Postgres, RabbitMQ, new Dictionary<string, string?> { ["Internal:ApiKey"] = "" });
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "");

        using var list = await client.GetAsync(DeliveriesPath);
        using var reprocess = await client.PostAsync($"{DeliveriesPath}/some-id/reprocess", null);

        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, reprocess.StatusCode);
    }

    [Fact]
    public async Task Recent_deliveries_are_listed_newest_first_with_their_state_and_can_be_filtered()
    {
        var ignored = await SendAsync("check_run", Samples.Webhook("check_run.completed.json"));
        var failed = await SendAsync("workflow_run", "{\"action\":\"requested\"}"u8.ToArray());
        var accepted = await SendAsync("workflow_run", Samples.Webhook("workflow_run.requested.json"));

        var all = await ListAsync("?limit=3");
        var onlyFailed = await ListAsync("?state=failed");

        Assert.Equal([accepted, failed, ignored], all.Select(d => (string)d!["id"]!));
        Assert.Equal("Ignored", (string?)all[2]!["state"]);
        Assert.Equal("octo-org/octo-repo", (string?)all[0]!["repository"]);
        Assert.Equal(1, (int)all[0]!["eventsPublished"]! + (int)all[0]!["eventsPending"]!);
        Assert.Equal(failed, (string?)onlyFailed[0]!["id"]);
        Assert.All(onlyFailed, d => Assert.Equal("Failed", (string?)d!["state"]));
        Assert.Contains("workflow_run", (string?)onlyFailed[0]!["error"]);
    }

    [Theory]
    [InlineData("?state=lost", "Unknown delivery state")]
    [InlineData("?limit=0", "Invalid limit")]
    [InlineData("?limit=501", "Invalid limit")]
    public async Task Listing_with_a_bad_filter_is_a_bad_request_naming_the_valid_values(string query, string title)
    {
        using var response = await Authorized(HttpMethod.Get, DeliveriesPath + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(title, (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
    }

    [Fact]
    public async Task Failed_delivery_whose_cause_was_fixed_is_reprocessed_into_published_events()
    {
        // As if an older version of the service had failed to translate an authentic delivery.
        var deliveryId = Guid.NewGuid().ToString();
        await Api.QueryAsync(
            "INSERT INTO deliveries (id, event, received_at, payload, state, error, reprocess_count) VALUES (@id, 'workflow_run', now(), @payload, 'Failed', 'old bug', 0) RETURNING 1",
            row => row.GetInt32(0), ("id", deliveryId), ("payload", Samples.Webhook("workflow_run.completed.json")));
        await using var consumer = await ConsumerHost.StartAsync(Api);

        using var response = await Authorized(HttpMethod.Post, $"{DeliveriesPath}/{deliveryId}/reprocess");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, (int?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["events"]);
        var run = (await Eventually.WaitForAsync(() => Task.FromResult(consumer.Received.Runs), runs => runs.Count == 1, TimeSpan.FromSeconds(15),
            "for the reprocessed event to reach the consumer")).Single();
        Assert.Equal(deliveryId, run.DeliveryId);
        await Eventually.WaitForAsync(() => ListAsync("?state=processed"), list => list.Any(d => (string?)d!["id"] == deliveryId),
            TimeSpan.FromSeconds(10), "for the delivery to be processed");
        using var again = await Authorized(HttpMethod.Post, $"{DeliveriesPath}/{deliveryId}/reprocess");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Reprocessing_a_delivery_that_still_cannot_be_translated_says_why()
    {
        var deliveryId = await SendAsync("workflow_job", "{\"action\":\"queued\"}"u8.ToArray());

        using var response = await Authorized(HttpMethod.Post, $"{DeliveriesPath}/{deliveryId}/reprocess");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("workflow_job", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]);
        Assert.Equal(1, await Api.CountAsync("SELECT reprocess_count::bigint FROM deliveries WHERE id = @id", ("id", deliveryId)));
    }

    [Fact]
    public async Task Reprocessing_an_unknown_delivery_is_not_found()
    {
        using var response = await Authorized(HttpMethod.Post, $"{DeliveriesPath}/{Guid.NewGuid()}/reprocess");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Delivery not found", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
    }

    private async Task<string> SendAsync(string eventName, byte[] body)
    {
        var deliveryId = Guid.NewGuid().ToString();
        using var response = await Client.SendAsync(GitHubDelivery.Json(eventName, body, WebhooksApiFactory.Secret, deliveryId));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return deliveryId;
    }

    private async Task<JsonArray> ListAsync(string query)
    {
        using var response = await Authorized(HttpMethod.Get, DeliveriesPath + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["deliveries"]!.AsArray();
    }

    private Task<HttpResponseMessage> Authorized(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WebhooksApiFactory.InternalApiKey);
        return Client.SendAsync(request);
    }
}
