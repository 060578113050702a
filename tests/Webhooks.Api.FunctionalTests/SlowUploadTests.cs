using System.Diagnostics;
using System.Net;
using ActionsDashboard.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Api.FunctionalTests.Infrastructure;
using Webhooks.Api.Services;

namespace Webhooks.Api.FunctionalTests;

/// <summary>
/// The unauthenticated webhook route under a slow-upload attack, on Kestrel (the test server has no connections):
/// hundreds of connections that declare 25 MB and trickle. Memory stays bounded by the receiver's budget, and a real
/// delivery is still acknowledged at once.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class SlowUploadTests(PostgresServerFixture postgres, RabbitMQServerFixture rabbitMQ) : IAsyncLifetime
{
    private const int Attackers = 200;
    private const int BytesPerBody = 128 * 1024;
    private const long MaxBufferedBytes = 8L * 1024 * 1024;

    private readonly WebhooksApiFactory _api = new(postgres, rabbitMQ, new Dictionary<string, string?>
    {
        ["Webhooks:Receiver:MaxConcurrentBodies"] = "256",
        ["Webhooks:Receiver:BytesPerBody"] = BytesPerBody.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Webhooks:Receiver:MaxBufferedBytes"] = MaxBufferedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Long enough to hold every attacker while the test looks; the timeout has its own test (ReceiverLimitsTests).
        ["Webhooks:Receiver:BodyTimeout"] = "00:02:00",
        ["Webhooks:Receiver:MinBytesPerSecond"] = "1",
    });

    private Uri _server = null!;

    public Task InitializeAsync()
    {
        _server = _api.StartOnKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Hundreds_of_slow_25_megabyte_uploads_leave_memory_bounded_and_a_real_delivery_is_acknowledged_at_once()
    {
        var budget = _api.Services.GetRequiredService<UnverifiedBodyBudget>();
        using var client = new HttpClient { BaseAddress = _server };
        using (var warmUp = await client.SendAsync(GitHubDelivery.Json("workflow_job", Samples.Webhook("workflow_job.queued.json"), WebhooksApiFactory.Secret)))
        {
            Assert.Equal(HttpStatusCode.Accepted, warmUp.StatusCode);
        }

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var uploads = new List<RawUpload>();
        try
        {
            // Each declares 25 MB, sends 256 KB (twice its own allowance) and stalls.
            for (var i = 0; i < Attackers; i++)
            {
                var upload = await RawUpload.StartAsync(_server, WebhookDeliveryReader.MaxBodyBytes, RawUpload.ForgedDeliveryHeaders());
                uploads.Add(upload);
                await upload.SendAsync(256 * 1024);
            }

            // Each attacker is either held (its body partly read) or refused because the shared budget is spent.
            await Eventually.WaitForAsync(async () =>
                {
                    var answered = (await Task.WhenAll(uploads.Select(u => u.StatusAsync(TimeSpan.Zero)))).Count(status => status is not null);
                    return budget.Bodies + answered;
                }, heldOrAnswered => heldOrAnswered >= Attackers,
                TimeSpan.FromSeconds(30), "for every attacking upload to be held or answered");
            var heapDuring = GC.GetTotalMemory(forceFullCollection: true);

            // A real delivery while they hang: acknowledged, and within GitHub's patience by far.
            var body = Samples.Webhook("workflow_run.completed.json");
            var deliveryId = Guid.NewGuid().ToString();
            var clock = Stopwatch.StartNew();
            using var real = await client.SendAsync(GitHubDelivery.Json("workflow_run", body, WebhooksApiFactory.Secret, deliveryId));
            var elapsed = clock.Elapsed;

            Assert.Equal(HttpStatusCode.Accepted, real.StatusCode);
            Assert.True(elapsed < TimeSpan.FromSeconds(1), $"the real delivery took {elapsed.TotalMilliseconds:0} ms");
            Assert.Equal(1, await _api.CountAsync("SELECT count(*) FROM deliveries WHERE id = @id", ("id", deliveryId)));

            // What the attackers hold is their allowances plus the shared budget, not what they declared (5 GB).
            Assert.InRange(budget.PeakBufferedBytes, 1, (Attackers + 1) * (long)BytesPerBody + MaxBufferedBytes);
            var growth = heapDuring - heapBefore;
            Assert.True(growth < 256L * 1024 * 1024, $"the managed heap grew by {growth / (1024 * 1024)} MB under the attack");

            // The ones the budget could not hold were told to come back later, with the connection closed.
            var statuses = await Task.WhenAll(uploads.Select(u => u.StatusAsync(TimeSpan.FromMilliseconds(200))));
            var refused = uploads.Where((_, i) => statuses[i] == 503).ToList();
            Assert.NotEmpty(refused);
            Assert.All(refused, u => Assert.Contains("Retry-After: 5", u.Head, StringComparison.OrdinalIgnoreCase));
            Assert.All(statuses, status => Assert.True(status is null or 503, $"an attacker got {status}"));
            Assert.Equal(0, await _api.CountAsync("SELECT count(*) FROM deliveries WHERE id <> @id AND event = 'workflow_run'", ("id", deliveryId)));
        }
        finally
        {
            foreach (var upload in uploads)
            {
                await upload.DisposeAsync();
            }
        }

        // Once they go, every byte and slot is given back.
        await Eventually.WaitForAsync(() => Task.FromResult((budget.Bodies, budget.BufferedBytes)), held => held == (0, 0),
            TimeSpan.FromSeconds(30), "for the attackers' slots and bytes to be given back");
    }
}
