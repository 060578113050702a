using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;
using Webhooks.Api.FunctionalTests.Infrastructure;

namespace Webhooks.Api.FunctionalTests;

[Collection(ServersCollection.Name)]
public sealed class RequestValidationTests(WebhooksApiFixture fixture) : ApiTestBase(fixture)
{
    private const int MaxBody = 25 * 1024 * 1024;

    [Theory]
    [InlineData("{\"action\": \"completed\",", "not well-formed JSON")]
    [InlineData("[1, 2, 3]", "must be a JSON object")]
    [InlineData("{\"action\": \"completed\"} trailing", "not well-formed JSON")]
    [InlineData("", "is empty")]
    public async Task Malformed_json_is_a_bad_request_and_not_stored(string body, string detailContains)
    {
        var deliveryId = Guid.NewGuid().ToString();

        using var response = await Client.SendAsync(GitHubDelivery.Json("workflow_run", Encoding.UTF8.GetBytes(body), WebhooksApiFactory.Secret, deliveryId));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "Webhook payload is not valid JSON", detailContains);
        Assert.Equal(0, await Api.CountAsync("SELECT count(*) FROM deliveries WHERE id = @id", ("id", deliveryId)));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-00000000000g")]
    [InlineData("{72d3162e-cc78-11e3-81ab-4c9367dc0958}")]
    public async Task A_delivery_id_that_is_not_a_GitHub_GUID_is_a_bad_request_and_not_stored(string deliveryId)
    {
        var before = await StoredDeliveriesAsync();

        using var response = await Client.SendAsync(GitHubDelivery.Json("workflow_run", Samples.Webhook("workflow_run.completed.json"),
            WebhooksApiFactory.Secret, deliveryId));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "Webhook delivery id is invalid", "GUID");
        Assert.Equal(before, await StoredDeliveriesAsync());
    }

    [Fact]
    public async Task A_string_no_UTF_8_text_can_hold_is_kept_as_failed_not_a_server_error()
    {
        // "\ud800" is a lone surrogate: JSON's grammar allows the escape, no UTF-8 text can hold it, GitHub never sends it.
        var deliveryId = Guid.NewGuid().ToString();
        var body = Encoding.UTF8.GetBytes("{\"action\":\"\\ud800\",\"workflow_run\":{\"id\":1,\"name\":\"\\ud800\"}}");

        using var response = await Client.SendAsync(GitHubDelivery.Json("workflow_run", body, WebhooksApiFactory.Secret, deliveryId));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, await Api.CountAsync("SELECT count(*) FROM deliveries WHERE id = @id AND state = 'Failed'", ("id", deliveryId)));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData(null)]
    public async Task Unsupported_content_type_is_refused_with_415(string? contentType)
    {
        var body = Samples.Webhook("push.json");

        using var response = await Client.SendAsync(GitHubDelivery.Create("push", body, contentType, WebhooksApiFactory.Secret, Guid.NewGuid().ToString()));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "Unsupported webhook content type", "application/json");
    }

    [Fact]
    public async Task Json_content_type_with_a_charset_is_accepted()
    {
        var body = Samples.Webhook("push.json");

        using var response = await Client.SendAsync(GitHubDelivery.Create("push", body, "application/json; charset=utf-8", WebhooksApiFactory.Secret,
            Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Body_over_25_megabytes_is_refused_with_413_and_not_stored()
    {
        var before = await StoredDeliveriesAsync();
        var body = new byte[MaxBody + 1];
        Array.Fill(body, (byte)' ');

        using var response = await Client.SendAsync(GitHubDelivery.Json("push", body, WebhooksApiFactory.Secret));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "Webhook payload is too large", "25 MB");
        Assert.Equal(before, await StoredDeliveriesAsync());
    }

    [Fact]
    public async Task Body_of_unknown_length_is_cut_off_at_25_megabytes_with_413()
    {
        using var request = GitHubDelivery.Json("push", [], WebhooksApiFactory.Secret);
        request.Content = new StreamContent(new UnknownLengthStream(MaxBody + 64 * 1024)) { Headers = { ContentType = new("application/json") } };

        using var response = await Client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "Webhook payload is too large", "25 MB");
    }

    [Fact]
    public async Task Large_delivery_just_under_the_limit_is_accepted()
    {
        // A push whose head commit message pads the payload to just under 25 MB.
        var push = JsonNode.Parse(Samples.Webhook("push.json"))!;
        var size = Encoding.UTF8.GetByteCount(push.ToJsonString());
        push["head_commit"] = new JsonObject { ["id"] = (string?)push["after"], ["message"] = new string('x', MaxBody - size - 1_000) };
        var body = Encoding.UTF8.GetBytes(push.ToJsonString());

        using var response = await Client.SendAsync(GitHubDelivery.Json("push", body, WebhooksApiFactory.Secret));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData(null, "d9f0b1c0-0000-4000-8000-000000000001", "X-GitHub-Event")]
    [InlineData("push", null, "X-GitHub-Delivery")]
    public async Task Delivery_without_its_event_or_delivery_header_is_a_bad_request(string? eventName, string? deliveryId, string missing)
    {
        var body = Samples.Webhook("push.json");
        var before = await StoredDeliveriesAsync();

        using var response = await Client.SendAsync(GitHubDelivery.Create(eventName, body, "application/json", WebhooksApiFactory.Secret, deliveryId));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "Webhook delivery headers are missing", missing);
        Assert.Equal(before, await StoredDeliveriesAsync());
    }

    [Fact]
    public async Task Form_encoded_delivery_without_a_payload_field_is_a_bad_request()
    {
        var form = "other=value"u8.ToArray();

        using var response = await Client.SendAsync(GitHubDelivery.Create("push", form, "application/x-www-form-urlencoded", WebhooksApiFactory.Secret,
            Guid.NewGuid().ToString()));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "Webhook payload is missing", "'payload'");
    }

    [Fact]
    public async Task Ping_is_answered_with_200_and_recorded()
    {
        var deliveryId = Guid.NewGuid().ToString();

        using var response = await Client.SendAsync(GitHubDelivery.Json("ping", Samples.Webhook("ping.with-app_id.json"), WebhooksApiFactory.Secret, deliveryId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pong", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["outcome"]);
        Assert.Equal(0, await OutboxRowsAsync(deliveryId));
    }

    [Theory]
    [InlineData("check_run.completed.json")]
    [InlineData("workflow_dispatch.json")]
    public async Task Event_the_dashboard_does_not_use_is_accepted_and_recorded_as_ignored(string file)
    {
        var deliveryId = Guid.NewGuid().ToString();

        using var response = await Client.SendAsync(GitHubDelivery.Json(Samples.EventNameOf(file), Samples.Webhook(file), WebhooksApiFactory.Secret, deliveryId));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var state = await Api.QueryAsync("SELECT state FROM deliveries WHERE id = @id", row => row.GetString(0), ("id", deliveryId));
        Assert.Equal("Ignored", state.Single());
        Assert.Equal(0, await OutboxRowsAsync(deliveryId));
    }

    [Fact]
    public async Task Authentic_json_that_cannot_be_translated_is_stored_as_failed_for_reprocessing()
    {
        var deliveryId = Guid.NewGuid().ToString();

        using var response = await Client.SendAsync(GitHubDelivery.Json("workflow_run", "{\"action\":\"completed\"}"u8.ToArray(), WebhooksApiFactory.Secret, deliveryId));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("failed", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["outcome"]);
        var stored = (await Api.QueryAsync("SELECT state, error FROM deliveries WHERE id = @id", row => (row.GetString(0), row.GetString(1)),
            ("id", deliveryId))).Single();
        Assert.Equal("Failed", stored.Item1);
        Assert.Contains("workflow_run", stored.Item2);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string title, string detailContains)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(title, (string?)problem!["title"]);
        Assert.Equal((int)status, (int?)problem["status"]);
        Assert.Contains(detailContains, (string?)problem["detail"]);
    }

    /// <summary>A body sent chunked, without Content-Length.</summary>
    private sealed class UnknownLengthStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = (int)Math.Min(count, length - _position);
            Array.Fill(buffer, (byte)' ', offset, read);
            _position += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
