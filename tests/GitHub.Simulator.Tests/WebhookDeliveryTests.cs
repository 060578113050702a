using ActionsDashboard.TestInfrastructure;
using System.Security.Cryptography;
using System.Text;
using ActionsDashboard.GitHub;
using ActionsDashboard.GitHub.Rest;
using ActionsDashboard.GitHub.Webhooks;
using GitHub.Simulator.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Octokit.Webhooks.Events;

namespace GitHub.Simulator.Tests;

/// <summary>A real receiver on a free loopback port and a simulator that delivers to it.</summary>
public class WebhookFixture : IAsyncLifetime
{
    public const string Secret = "It's a Secret to Everybody";

    public WebhookReceiver Receiver { get; private set; } = null!;

    public SimulatorFactory Simulator { get; private set; } = null!;

    /// <summary>Extra settings for a fixture with delivery faults.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        Simulator = SimulatorFactory.Create(new Dictionary<string, string?>
        {
            ["Simulator:WebhookUrl"] = Receiver.Url,
            ["Simulator:WebhookSecret"] = Secret,
        }.Concat(Settings));
        _ = Simulator.Server;
    }

    public async Task DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>Webhook deliveries: GitHub's headers and signature, order, redelivery, and failures that are not retried.</summary>
public sealed class WebhookDeliveryTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private SimulatorFactory Simulator => fixture.Simulator;

    private WebhookReceiver Receiver => fixture.Receiver;

    [Fact]
    public async Task Deliveries_carry_githubs_headers_and_a_valid_sha256_signature()
    {
        var runId = await Simulator.StartRunAsync();

        var received = await Receiver.WaitForAsync(all => all.Any(d => d.RunId == runId && d.Event == "workflow_run"), "the run's requested delivery");

        var delivery = received.First(d => d.RunId == runId && d.Event == "workflow_run");
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookFixture.Secret), delivery.Body));
        Assert.Equal(expected, delivery.Headers["X-Hub-Signature-256"]);
        Assert.True(WebhookSignature.Verify(delivery.Body, delivery.Headers["X-Hub-Signature-256"], WebhookFixture.Secret));
        Assert.True(LibraryVerifier().Verify(delivery.Body, Headers(delivery)));
        Assert.False(WebhookSignature.Verify(delivery.Body, delivery.Headers["X-Hub-Signature-256"], "another secret"));

        var headers = Headers(delivery);
        Assert.True(headers.IsFromHookshot);
        Assert.Matches("^GitHub-Hookshot/[0-9a-f]{7}$", headers.UserAgent);
        Assert.True(headers.HasRequiredHeaders);
        Assert.True(Guid.TryParse(headers.DeliveryId, out _));
        Assert.Equal("workflow_run", headers.EventName);
        Assert.Equal("integration", headers.InstallationTargetType);
        Assert.Equal(12345, headers.InstallationTargetIdValue);
        Assert.NotNull(headers.HookIdValue);
        Assert.StartsWith("sha1=", headers.SignatureSha1, StringComparison.Ordinal);
        Assert.StartsWith("application/json", delivery.Headers["Content-Type"], StringComparison.Ordinal);

        var parsed = Assert.IsAssignableFrom<WorkflowRunEvent>(OctokitWebhooks.Parse("workflow_run", delivery.Body));
        Assert.Equal(("requested", runId, 3456996L, "octo-org"), (parsed.Action!, parsed.WorkflowRun.Id, parsed.Installation!.Id, parsed.Organization!.Login));
    }

    [Fact]
    public async Task Run_moved_through_the_control_api_delivers_requested_in_progress_completed_in_that_order()
    {
        var runId = await Simulator.StartRunAsync();
        await Simulator.ControlAsync(HttpMethod.Post, $"/_simulator/runs/{runId}/advance");
        await Simulator.CompleteRunAsync(runId);

        var received = await Receiver.WaitForAsync(all => all.Any(d => d.RunId == runId && d.Event == "workflow_run" && d.Action == "completed"),
            "the run's completed delivery");

        var forRun = received.Where(d => d.RunId == runId).ToList();
        Assert.Equal(["requested", "in_progress", "completed"], forRun.Where(d => d.Event == "workflow_run").Select(d => d.Action!));
        // Each job: queued, then in_progress, then completed.
        foreach (var job in forRun.Where(d => d.Event == "workflow_job").GroupBy(d => d.Payload["workflow_job"]!["id"]!.GetValue<long>()))
        {
            Assert.Equal(["queued", "in_progress", "completed"], job.Select(d => d.Action!));
        }
        var completed = forRun.Last(d => d.Event == "workflow_run");
        Assert.Equal("success", completed.Payload["workflow_run"]!["conclusion"]!.GetValue<string>());
        Assert.Equal(forRun.Count, forRun.Select(d => d.DeliveryId).Distinct().Count());
    }

    [Fact]
    public async Task Push_delivery_comes_before_the_runs_it_starts()
    {
        var runId = await Simulator.StartRunAsync();

        var received = await Receiver.WaitForAsync(all => all.Any(d => d.RunId == runId && d.Event == "workflow_run"), "the run's requested delivery");

        var requested = received.First(d => d.RunId == runId && d.Event == "workflow_run");
        var push = received.Take(received.ToList().IndexOf(requested)).Last(d => d.Event == "push");
        var headSha = requested.Payload["workflow_run"]!["head_sha"]!.GetValue<string>();
        Assert.Equal(headSha, push.Payload["after"]!.GetValue<string>());
        var parsed = Assert.IsType<PushEvent>(OctokitWebhooks.Parse("push", push.Body));
        Assert.Equal("refs/heads/main", parsed.Ref);
    }

    [Fact]
    public async Task Cancel_through_rest_delivers_completed_with_conclusion_cancelled()
    {
        var octocat = GitHubRequestOptions.ForToken((await Simulator.SignInAsync("octocat")).AccessToken);
        var runId = await Simulator.StartRunAsync();

        await Simulator.RestClient().CancelWorkflowRunAsync("octo-org", "octo-repo", runId, octocat);

        var received = await Receiver.WaitForAsync(all => all.Any(d => d.RunId == runId && d.Event == "workflow_run" && d.Action == "completed"),
            "the cancelled run's completed delivery");
        var completed = received.Last(d => d.RunId == runId && d.Event == "workflow_run");
        Assert.Equal("cancelled", completed.Payload["workflow_run"]!["conclusion"]!.GetValue<string>());
        Assert.Equal("octocat", completed.Payload["sender"]!["login"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rerun_through_rest_delivers_requested_with_the_next_attempt()
    {
        var octocat = GitHubRequestOptions.ForToken((await Simulator.SignInAsync("octocat")).AccessToken);
        var runId = await Simulator.StartRunAsync();
        await Simulator.CompleteRunAsync(runId, "failure");

        await Simulator.RestClient().RerunWorkflowRunAsync("octo-org", "octo-repo", runId, request: octocat);

        var received = await Receiver.WaitForAsync(
            all => all.Any(d => d.RunId == runId && d.Event == "workflow_run" && d.Payload["workflow_run"]!["run_attempt"]!.GetValue<int>() == 2),
            "the re-run's requested delivery");
        var rerun = received.Last(d => d.RunId == runId && d.Event == "workflow_run");
        Assert.Equal(("requested", "queued"), (rerun.Action!, rerun.Payload["workflow_run"]!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Redelivery_sends_the_same_delivery_id_and_body_again()
    {
        var runId = await Simulator.StartRunAsync();
        var received = await Receiver.WaitForAsync(all => all.Any(d => d.RunId == runId && d.Event == "workflow_run"), "the run's requested delivery");
        var original = received.First(d => d.RunId == runId && d.Event == "workflow_run");

        await Simulator.ControlAsync(HttpMethod.Post, $"/_simulator/deliveries/{original.DeliveryId}/redeliver");

        var again = await Receiver.WaitForAsync(all => all.Count(d => d.DeliveryId == original.DeliveryId) == 2, "the redelivery");
        Assert.Equal(original.Body, again.Last(d => d.DeliveryId == original.DeliveryId).Body);
        var record = await Eventually.ValueAsync(async () =>
        {
            var delivery = await Simulator.ControlAsync(HttpMethod.Get, $"/_simulator/deliveries/{original.DeliveryId}");
            return delivery["attempts"]!.AsArray().Count == 2 ? delivery : null;
        }, "the redelivery's attempt to be recorded");
        var attempts = record["attempts"]!.AsArray();
        Assert.True(attempts[1]!["redelivery"]!.GetValue<bool>());
        Assert.Equal("delivered", record["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Failing_receiver_is_recorded_as_failed_and_not_retried()
    {
        Receiver.AnswerWith = 500;
        long failedRun;
        try
        {
            failedRun = await Simulator.StartRunAsync();
            await Eventually.UntilAsync(async () => (await Simulator.DeliveriesAsync(failedRun)).All(d => d!["state"]!.GetValue<string>() == "failed"),
                "the deliveries to be recorded as failed");
        }
        finally
        {
            Receiver.AnswerWith = 200;
        }

        // Deliveries go out in order: once a later one has arrived, a retry of the earlier ones would have too.
        var laterRun = await Simulator.StartRunAsync();
        await Receiver.WaitForAsync(all => all.Any(d => d.RunId == laterRun && d.AnsweredWith == 200), "a later delivery");

        var failed = await Simulator.DeliveriesAsync(failedRun);
        Assert.NotEmpty(failed);
        foreach (var delivery in failed.Select(d => d!))
        {
            var attempt = Assert.Single(delivery["attempts"]!.AsArray());
            Assert.Equal(500, attempt!["status_code"]!.GetValue<int>());
            Assert.Equal("failed", delivery["state"]!.GetValue<string>());
            Assert.Single(Receiver.Received, d => d.DeliveryId == delivery["id"]!.GetValue<string>());
        }
    }

    private static WebhookHeaders Headers(ReceivedDelivery delivery) =>
        WebhookHeaders.FromLookup(name => delivery.Headers.TryGetValue(name, out var value) ? value : null);

    private static GitHubWebhookVerifier LibraryVerifier()
    {
        var services = new ServiceCollection();
        services.Configure<GitHubOptions>(options => options.WebhookSecret = WebhookFixture.Secret);
        return new GitHubWebhookVerifier(services.BuildServiceProvider().GetRequiredService<IOptionsMonitor<GitHubOptions>>());
    }
}

public sealed class DuplicatingWebhookFixture : WebhookFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Simulator:Delivery:DuplicateRate", "1")];
}

public sealed class DroppingWebhookFixture : WebhookFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Simulator:Delivery:DropRate", "1")];
}

public sealed class ReorderingWebhookFixture : WebhookFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Simulator:Delivery:ReorderRate", "1"), new("Simulator:Delivery:SendPush", "false")];
}

public sealed class DuplicateDeliveryTests(DuplicatingWebhookFixture fixture) : IClassFixture<DuplicatingWebhookFixture>
{
    [Fact]
    public async Task Duplicate_mode_sends_each_delivery_twice_with_the_same_id()
    {
        var runId = await fixture.Simulator.StartRunAsync();

        var received = await fixture.Receiver.WaitForAsync(all => all.Count(d => d.RunId == runId && d.Event == "workflow_run") == 2, "the duplicate");

        var requested = received.Where(d => d.RunId == runId && d.Event == "workflow_run").ToList();
        Assert.Equal(requested[0].DeliveryId, requested[1].DeliveryId);
        Assert.Equal(requested[0].Body, requested[1].Body);
        var record = await Eventually.ValueAsync(async () =>
        {
            var delivery = await fixture.Simulator.ControlAsync(HttpMethod.Get, $"/_simulator/deliveries/{requested[0].DeliveryId}");
            return delivery["attempts"]!.AsArray().Count == 2 ? delivery : null;
        }, "both attempts to be recorded");
        Assert.Equal([false, true], record["attempts"]!.AsArray().Select(a => a!["duplicate"]!.GetValue<bool>()));
    }
}

public sealed class DropDeliveryTests(DroppingWebhookFixture fixture) : IClassFixture<DroppingWebhookFixture>
{
    [Fact]
    public async Task Drop_mode_records_the_deliveries_as_dropped_and_sends_nothing()
    {
        var runId = await fixture.Simulator.StartRunAsync();

        await Eventually.UntilAsync(async () =>
        {
            var deliveries = await fixture.Simulator.DeliveriesAsync(runId);
            return deliveries.Count > 0 && deliveries.All(d => d!["state"]!.GetValue<string>() == "dropped");
        }, "the deliveries to be dropped");

        Assert.Empty(fixture.Receiver.Received);
        // A redelivery asked for by a person is never dropped.
        var first = (await fixture.Simulator.DeliveriesAsync(runId))[0]!["id"]!.GetValue<string>();
        await fixture.Simulator.ControlAsync(HttpMethod.Post, $"/_simulator/deliveries/{first}/redeliver");
        await fixture.Receiver.WaitForAsync(all => all.Any(d => d.DeliveryId == first), "the redelivery");
    }
}

public sealed class ReorderDeliveryTests(ReorderingWebhookFixture fixture) : IClassFixture<ReorderingWebhookFixture>
{
    [Fact]
    public async Task Reorder_mode_sends_a_held_delivery_after_the_next_one()
    {
        var runId = await fixture.Simulator.StartRunAsync();

        var received = await fixture.Receiver.WaitForAsync(all => all.Count(d => d.RunId == runId) >= 2, "two deliveries");

        // Produced: workflow_run.requested, then the jobs' queued; the first is held back until the next is sent.
        Assert.Equal(("workflow_job", "queued"), (received[0].Event, received[0].Action!));
        Assert.Equal(("workflow_run", "requested"), (received[1].Event, received[1].Action!));
    }
}
