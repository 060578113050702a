using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ActionsDashboard.IntegrationEvents;
using ActionsDashboard.TestInfrastructure;
using Alerts.Api.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace Alerts.Api.FunctionalTests;

[Collection(AlertsCollection.Name)]
public sealed class AlertDeliveryTests(AlertsFixture fixture, ITestOutputHelper output)
{
    private const string Secret = "a-webhook-secret-of-some-length";

    private (long User, long RepositoryId, string Repository, HttpClient Client) NewUser()
    {
        var user = fixture.NextId();
        var repositoryId = fixture.NextId();
        var repository = $"octo-org/repo-{repositoryId}";
        fixture.Receiver.Access[user] = new Dictionary<string, long> { [repository] = repositoryId };
        return (user, repositoryId, repository, fixture.Api.ClientFor(user));
    }

    private static async Task<JsonElement> CreateRuleAsync(HttpClient client, object rule)
    {
        using var response = await client.PostAsJsonAsync("/api/alerts/rules", rule);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static void AssertSigned(Receiver.Received request, string secret)
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), request.Body));
        Assert.Equal(expected, request.Headers["X-ActionsDashboard-Signature-256"]);
    }

    private static async Task<List<JsonElement>> DeliveriesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<JsonElement>>("/api/alerts/deliveries"))!;

    [Fact]
    public async Task Failing_run_alerts_once_signed_duplicates_do_not_alert_again_and_recovery_alerts_once_more()
    {
        var (_, repositoryId, repository, client) = NewUser();
        var hook = $"ci-{repositoryId}";
        await CreateRuleAsync(client, new
        {
            name = "CI on main", repository, events = new[] { "failure", "recovery" },
            destination = new { type = "webhook", url = fixture.Receiver.HookUrl(hook), secret = Secret },
        });

        // A failure on another branch is not the default branch the rule follows.
        await fixture.PublishAsync(Runs.Completed(repositoryId, repository, runId: fixture.NextId(), "failure", branch: "feature/x"));

        var failure = Runs.Completed(repositoryId, repository, runId: fixture.NextId(), "failure");
        var published = Stopwatch.GetTimestamp();
        await fixture.PublishAsync(failure);
        await Eventually.UntilAsync(() => Task.FromResult(fixture.Receiver.For(hook).Count >= 1), "the failure alert");
        var first = fixture.Receiver.For(hook)[0];
        output.WriteLine($"Event published to alert received: {Stopwatch.GetElapsedTime(published, first.Timestamp).TotalMilliseconds:0} ms");

        AssertSigned(first, Secret);
        Assert.Equal("failure", first.Headers["X-ActionsDashboard-Event"]);
        using (var body = JsonDocument.Parse(first.Body))
        {
            Assert.Equal("failure", body.RootElement.GetProperty("event").GetString());
            Assert.Equal(repository, body.RootElement.GetProperty("repository").GetString());
            Assert.Equal(failure.RunId, body.RootElement.GetProperty("run").GetProperty("id").GetInt64());
        }

        // The same event again (a redelivery) and the same run from another webhook delivery (a duplicate).
        await fixture.PublishAsync(failure);
        await fixture.PublishAsync(failure with { Id = Guid.NewGuid(), DeliveryId = Guid.NewGuid().ToString() });

        var success = Runs.Completed(repositoryId, repository, runId: fixture.NextId(), "success");
        var recoveryPublished = Stopwatch.GetTimestamp();
        await fixture.PublishAsync(success);
        await Eventually.UntilAsync(() => Task.FromResult(fixture.Receiver.For(hook).Count >= 2), "the recovery alert");
        var second = fixture.Receiver.For(hook)[1];
        output.WriteLine($"Recovery published to alert received: {Stopwatch.GetElapsedTime(recoveryPublished, second.Timestamp).TotalMilliseconds:0} ms");
        AssertSigned(second, Secret);
        Assert.Equal("recovery", second.Headers["X-ActionsDashboard-Event"]);

        // A second success is no recovery, and the duplicates never alerted.
        await fixture.PublishAsync(Runs.Completed(repositoryId, repository, runId: fixture.NextId(), "success"));
        await fixture.PublishAsync(success);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(2, fixture.Receiver.For(hook).Count);

        var deliveries = await DeliveriesAsync(client);
        Assert.Equal(["recovery", "failure"], deliveries.Select(d => d.GetProperty("transition").GetString()));
        Assert.All(deliveries, d => Assert.Equal("sent", d.GetProperty("status").GetString()));
        Assert.All(deliveries, d => Assert.Equal(200, d.GetProperty("statusCode").GetInt32()));
    }

    [Fact]
    public async Task Slack_destination_gets_text_and_a_branch_pattern_and_workflow_choose_the_runs()
    {
        var (_, repositoryId, repository, client) = NewUser();
        var hook = $"slack-{repositoryId}";
        await CreateRuleAsync(client, new
        {
            name = "Releases", repository = repository[..repository.IndexOf('/')] + "/*", branch = "release/*", workflow = "ci.yml",
            events = new[] { "failure" }, destination = new { type = "slack", url = fixture.Receiver.HookUrl(hook) },
        });

        await fixture.PublishAsync(Runs.Completed(repositoryId, repository, fixture.NextId(), "failure", branch: "main"));
        await fixture.PublishAsync(Runs.Completed(repositoryId, repository, fixture.NextId(), "failure", branch: "release/2.0", workflowId: 8, workflowName: "Docs")
            with { WorkflowPath = ".github/workflows/docs.yml" });
        await fixture.PublishAsync(Runs.Completed(repositoryId, repository, fixture.NextId(), "timed_out", branch: "release/2.0"));

        await Eventually.UntilAsync(() => Task.FromResult(fixture.Receiver.For(hook).Count >= 1), "the Slack alert");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var request = Assert.Single(fixture.Receiver.For(hook));
        using var body = JsonDocument.Parse(request.Body);
        var text = body.RootElement.GetProperty("text").GetString()!;
        Assert.Contains("CI failed on " + repository + "@release/2.0", text);
        Assert.Contains("timed_out", text);
        Assert.False(request.Headers.ContainsKey("X-ActionsDashboard-Signature-256"));
    }

    [Fact]
    public async Task Run_queued_longer_than_the_threshold_alerts_once_and_one_that_started_does_not()
    {
        var (_, repositoryId, repository, client) = NewUser();
        var hook = $"queued-{repositoryId}";
        await CreateRuleAsync(client, new
        {
            name = "Stuck", repository, events = new[] { "queued" }, queuedMinutes = 10,
            destination = new { type = "webhook", url = fixture.Receiver.HookUrl(hook), secret = Secret },
        });

        var now = fixture.Api.Clock.GetUtcNow();
        var stuck = Runs.WithStatus(Runs.Completed(repositoryId, repository, fixture.NextId(), "success"), "queued", now);
        var started = Runs.WithStatus(Runs.Completed(repositoryId, repository, fixture.NextId(), "success"), "queued", now);
        await fixture.PublishAsync(stuck);
        await fixture.PublishAsync(started);
        await fixture.PublishAsync(Runs.WithStatus(started, "in_progress", now.AddMinutes(1)));
        // A job of another run, still queued: watched like a run.
        var job = new WorkflowJobChanged
        {
            DeliveryId = Guid.NewGuid().ToString(), Action = "queued", Repository = Runs.Repository(repositoryId, repository), JobId = fixture.NextId(),
            RunId = fixture.NextId(), RunAttempt = 1, Name = "build", WorkflowName = "CI", HeadBranch = "main", Status = "queued", QueuedAt = now,
        };
        await fixture.PublishAsync(job);

        // Not yet due.
        fixture.Api.Clock.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(TimeSpan.FromMilliseconds(800));
        Assert.Empty(fixture.Receiver.For(hook));

        fixture.Api.Clock.Advance(TimeSpan.FromMinutes(2));
        await Eventually.UntilAsync(() => Task.FromResult(fixture.Receiver.For(hook).Count >= 2), "the queued alerts");
        await Task.Delay(TimeSpan.FromMilliseconds(800));
        var alerts = fixture.Receiver.For(hook);
        Assert.Equal(2, alerts.Count);
        var runIds = alerts.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("run").GetProperty("id").GetInt64()).Order().ToList();
        Assert.Equal(new[] { stuck.RunId, job.RunId }.Order(), runIds);
        Assert.All(alerts, a => Assert.Equal("queued", a.Headers["X-ActionsDashboard-Event"]));
        Assert.All(alerts, a => AssertSigned(a, Secret));
    }

    [Fact]
    public async Task Destination_answering_500_is_retried_then_shown_as_a_failed_delivery()
    {
        var (_, repositoryId, repository, client) = NewUser();
        var hook = $"broken-{repositoryId}";
        fixture.Receiver.StatusCodes[hook] = 500;
        await CreateRuleAsync(client, new
        {
            name = "Broken", repository, events = new[] { "failure" },
            destination = new { type = "webhook", url = fixture.Receiver.HookUrl(hook), secret = Secret },
        });

        await fixture.PublishAsync(Runs.Completed(repositoryId, repository, fixture.NextId(), "failure"));

        var delivery = await Eventually.WaitForAsync(async () =>
        {
            // The back-off runs on the service's clock.
            fixture.Api.Clock.Advance(TimeSpan.FromSeconds(1));
            return (await DeliveriesAsync(client)).FirstOrDefault();
        }, d => d.ValueKind == JsonValueKind.Object && d.GetProperty("status").GetString() == "failed", TimeSpan.FromSeconds(20), "the delivery to fail");

        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(500, delivery.GetProperty("statusCode").GetInt32());
        Assert.Contains("500", delivery.GetProperty("lastError").GetString());
        Assert.Equal(3, fixture.Receiver.For(hook).Count);
    }

    [Fact]
    public async Task Rule_does_not_fire_for_a_repository_its_owner_can_no_longer_see()
    {
        var (user, repositoryId, repository, client) = NewUser();
        var hook = $"revoked-{repositoryId}";
        await CreateRuleAsync(client, new
        {
            name = "Revoked", repository, events = new[] { "failure" },
            destination = new { type = "webhook", url = fixture.Receiver.HookUrl(hook), secret = Secret },
        });
        fixture.Receiver.Access[user] = [];

        await fixture.PublishAsync(Runs.Completed(repositoryId, repository, fixture.NextId(), "failure"));
        // Another repository's rule, published after, shows the first event was handled.
        var (_, otherId, other, otherClient) = NewUser();
        await CreateRuleAsync(otherClient, new
        {
            name = "Other", repository = other, events = new[] { "failure" },
            destination = new { type = "webhook", url = fixture.Receiver.HookUrl($"other-{otherId}"), secret = Secret },
        });
        await fixture.PublishAsync(Runs.Completed(otherId, other, fixture.NextId(), "failure"));
        await Eventually.UntilAsync(() => Task.FromResult(fixture.Receiver.For($"other-{otherId}").Count == 1), "the other rule's alert");

        Assert.Empty(fixture.Receiver.For(hook));
        Assert.Empty(await DeliveriesAsync(client));
    }

    [Fact]
    public async Task Send_test_delivers_at_once_and_shows_the_result()
    {
        var (_, repositoryId, repository, client) = NewUser();
        var hook = $"test-{repositoryId}";
        var rule = await CreateRuleAsync(client, new
        {
            name = "Test me", repository, events = new[] { "failure" },
            destination = new { type = "webhook", url = fixture.Receiver.HookUrl(hook), secret = Secret },
        });
        var id = rule.GetProperty("id").GetString();

        using var response = await client.PostAsync($"/api/alerts/rules/{id}/test", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delivery = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("sent", delivery.GetProperty("status").GetString());
        Assert.Equal("test", delivery.GetProperty("transition").GetString());
        var received = Assert.Single(fixture.Receiver.For(hook));
        AssertSigned(received, Secret);

        fixture.Receiver.StatusCodes[hook] = 500;
        using var failing = await client.PostAsync($"/api/alerts/rules/{id}/test", null);
        var failed = await failing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(500, failed.GetProperty("statusCode").GetInt32());
        Assert.Equal(2, (await DeliveriesAsync(client)).Count);
    }

    [Fact]
    public async Task Destination_that_does_not_answer_in_time_is_a_visible_failed_delivery_not_an_error()
    {
        var (_, repositoryId, repository, client) = NewUser();
        var hook = $"slow-{repositoryId}";
        fixture.Receiver.Delays[hook] = TimeSpan.FromSeconds(30);
        var rule = await CreateRuleAsync(client, new
        {
            name = "Slow", repository, events = new[] { "failure" },
            destination = new { type = "webhook", url = fixture.Receiver.HookUrl(hook), secret = Secret },
        });

        using var response = await client.PostAsync($"/api/alerts/rules/{rule.GetProperty("id").GetString()}/test", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delivery = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Contains("did not answer within 3 s", delivery.GetProperty("lastError").GetString());
    }
}
