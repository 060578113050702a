using System.Net;
using ActionsDashboard.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Api.FunctionalTests.Infrastructure;
using Webhooks.Api.Services;

namespace Webhooks.Api.FunctionalTests;

/// <summary>
/// What cannot be a GitHub delivery is refused before its body is read; a body slower than GitHub sends is cut off; a
/// request past the concurrent-body cap is told to come back. On Kestrel, with a socket that declares and stalls.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ReceiverLimitsTests(PostgresServerFixture postgres, RabbitMQServerFixture rabbitMQ) : IAsyncLifetime
{
    private readonly WebhooksApiFactory _api = new(postgres, rabbitMQ, new Dictionary<string, string?>
    {
        ["Webhooks:Receiver:MaxConcurrentBodies"] = "2",
        ["Webhooks:Receiver:BodyTimeout"] = "00:00:02",
        ["Webhooks:Receiver:MinBytesPerSecond"] = "1",
    });

    private Uri _server = null!;

    public Task InitializeAsync()
    {
        _server = _api.StartOnKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData("X-Hub-Signature-256", 401)]
    [InlineData("X-GitHub-Event", 400)]
    [InlineData("X-GitHub-Delivery", 400)]
    [InlineData("Content-Type", 415)]
    public async Task A_request_that_cannot_be_a_delivery_is_refused_before_its_body_is_sent(string missingHeader, int status)
    {
        var headers = RawUpload.ForgedDeliveryHeaders();
        headers.Remove(missingHeader);
        await using var upload = await RawUpload.StartAsync(_server, WebhookDeliveryReader.MaxBodyBytes, headers);

        // Not one byte of the declared 25 MB is sent, and the answer comes anyway.
        Assert.Equal(status, await upload.StatusAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("Connection: close", upload.Head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, _api.Services.GetRequiredService<UnverifiedBodyBudget>().PeakBufferedBytes);
    }

    [Fact]
    public async Task A_body_slower_than_github_sends_is_cut_off_with_408_and_the_cap_turns_away_a_third_with_503()
    {
        await using var first = await RawUpload.StartAsync(_server, 100_000, RawUpload.ForgedDeliveryHeaders());
        await using var second = await RawUpload.StartAsync(_server, 100_000, RawUpload.ForgedDeliveryHeaders());
        await first.SendAsync(1_000);
        await second.SendAsync(1_000);
        var budget = _api.Services.GetRequiredService<UnverifiedBodyBudget>();
        await Eventually.WaitForAsync(() => Task.FromResult(budget.Bodies), bodies => bodies == 2, TimeSpan.FromSeconds(10), "for both bodies to be read");

        await using (var third = await RawUpload.StartAsync(_server, 100_000, RawUpload.ForgedDeliveryHeaders()))
        {
            Assert.Equal(503, await third.StatusAsync(TimeSpan.FromSeconds(1)));
            Assert.Contains("Retry-After: 5", third.Head, StringComparison.OrdinalIgnoreCase);
        }

        // Neither finishes within the body timeout (2 s here): both are answered 408 and their slots freed.
        Assert.Equal(408, await first.StatusAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(408, await second.StatusAsync(TimeSpan.FromSeconds(10)));
        await Eventually.WaitForAsync(() => Task.FromResult(budget.Bodies), bodies => bodies == 0, TimeSpan.FromSeconds(10), "for the slots to be freed");

        using var client = new HttpClient { BaseAddress = _server };
        using var real = await client.SendAsync(GitHubDelivery.Json("workflow_job", Samples.Webhook("workflow_job.queued.json"), WebhooksApiFactory.Secret));
        Assert.Equal(HttpStatusCode.Accepted, real.StatusCode);
    }
}
