using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;
using Webhooks.Api.FunctionalTests.Infrastructure;

namespace Webhooks.Api.FunctionalTests;

[Collection(ServersCollection.Name)]
public sealed class SignatureTests(WebhooksApiFixture fixture) : ApiTestBase(fixture)
{
    private static readonly byte[] Body = Samples.Webhook("workflow_run.completed.json");

    [Fact]
    public async Task Delivery_signed_with_the_configured_secret_is_accepted()
    {
        using var response = await Client.SendAsync(GitHubDelivery.Json("workflow_run", DistinctBody.Of(Body), WebhooksApiFactory.Secret));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Delivery_signed_with_the_previous_secret_is_accepted_during_a_rotation()
    {
        using var response = await Client.SendAsync(GitHubDelivery.Json("workflow_run", DistinctBody.Of(Body), WebhooksApiFactory.PreviousSecret));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Delivery_signed_with_a_wrong_secret_is_rejected_and_not_stored()
    {
        await AssertRejectedAndNotStoredAsync(GitHubDelivery.Json("workflow_run", Body, "not the secret"), "does not match");
    }

    [Fact]
    public async Task Delivery_without_a_signature_is_rejected_and_not_stored()
    {
        await AssertRejectedAndNotStoredAsync(GitHubDelivery.Json("workflow_run", Body, secret: null), "no X-Hub-Signature-256");
    }

    [Fact]
    public async Task Delivery_signed_only_with_legacy_sha1_is_rejected_and_not_stored()
    {
        var request = GitHubDelivery.Json("workflow_run", Body, secret: null);
        request.Headers.Add("X-Hub-Signature", GitHubDelivery.SignSha1(Body, WebhooksApiFactory.Secret));

        await AssertRejectedAndNotStoredAsync(request, "SHA-1");
    }

    [Fact]
    public async Task Delivery_whose_body_was_changed_after_signing_is_rejected_and_not_stored()
    {
        var request = GitHubDelivery.Json("workflow_run", Body, WebhooksApiFactory.Secret);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace("\"success\"", "\"failure\"", StringComparison.Ordinal));
        Assert.NotEqual(Body, tampered);
        request.Content = new ByteArrayContent(tampered) { Headers = { ContentType = new("application/json") } };

        await AssertRejectedAndNotStoredAsync(request, "does not match");
    }

    [Fact]
    public async Task Signature_is_checked_before_anything_else_so_an_unsigned_caller_learns_nothing_more()
    {
        // No event, no delivery id, no content type: still only "unauthorised".
        using var request = GitHubDelivery.Create(eventName: null, "{not json"u8.ToArray(), contentType: null, secret: null, deliveryId: null);

        await AssertRejectedAndNotStoredAsync(request, "X-Hub-Signature-256");
    }

    private async Task AssertRejectedAndNotStoredAsync(HttpRequestMessage request, string detailContains)
    {
        using var rejections = new CounterListener("Webhooks.Api", "webhooks.deliveries.rejected", "reason");
        var deliveryId = request.Headers.TryGetValues("X-GitHub-Delivery", out var ids) ? ids.Single() : null;

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Webhook signature is missing or invalid", (string?)problem!["title"]);
        Assert.Contains(detailContains, (string?)problem["detail"]);
        Assert.Equal(1, rejections["signature"]);
        if (deliveryId is not null)
        {
            Assert.Equal(0, await Api.CountAsync("SELECT count(*) FROM deliveries WHERE id = @id", ("id", deliveryId)));
        }
    }
}
