using System.Globalization;
using System.Text.Json.Nodes;
using GitHub.Simulator.Tests.Infrastructure;

namespace GitHub.Simulator.Tests;

/// <summary>
/// <c>Simulator:World:HistoryDays</c>: days of finished runs before start-up, with failures, flaky jobs re-run on the same
/// commit, pull requests and slow runner queues, so a dashboard's insights have something to show at once.
/// </summary>
public sealed class HistoryTests
{
    private static DateTimeOffset Time(JsonNode? value) => DateTimeOffset.Parse((string)value!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task History_spans_the_days_with_failures_flakes_re_run_on_the_same_commit_pull_requests_and_slow_queues()
    {
        await using var simulator = SimulatorFactory.Create(new Dictionary<string, string?> { ["Simulator:World:HistoryDays"] = "6" });
        var token = (await simulator.SignInAsync("octocat")).AccessToken;

        var runs = (await simulator.GetJsonAsync("/repos/octo-org/octo-repo/actions/runs?per_page=100", token))["workflow_runs"]!.AsArray();
        var deploys = (await simulator.GetJsonAsync("/repos/octo-org/infra/actions/runs?per_page=100", token))["workflow_runs"]!.AsArray();

        Assert.All(runs.Concat(deploys), r => Assert.Equal("completed", (string?)r!["status"]));
        var days = runs.Select(r => Time(r!["created_at"]).UtcDateTime.Date).Distinct().Count();
        Assert.True(days >= 4, $"runs on {days} days");
        Assert.Contains(runs, r => (string?)r!["conclusion"] == "failure");
        Assert.Contains(runs, r => (string?)r!["event"] == "pull_request" && r["pull_requests"]!.AsArray().Count == 1);

        var flake = runs.First(r => (int)r!["run_attempt"]! == 2)!;
        var attempts = (await simulator.GetJsonAsync($"/repos/octo-org/octo-repo/actions/runs/{(long)flake["id"]!}/jobs?filter=all", token))["jobs"]!.AsArray();
        var failedFirst = Assert.Single(attempts, j => (int)j!["run_attempt"]! == 1 && (string?)j["conclusion"] == "failure")!;
        var passedAgain = Assert.Single(attempts, j => (int)j!["run_attempt"]! == 2 && (string?)j["name"] == (string?)failedFirst["name"])!;
        Assert.Equal("success", (string?)passedAgain["conclusion"]);
        Assert.Equal((string?)flake["head_sha"], (string?)failedFirst["head_sha"]);
        Assert.Equal((string?)flake["head_sha"], (string?)passedAgain["head_sha"]);
        Assert.Equal("success", (string?)flake["conclusion"]);

        var deployJobs = (await simulator.GetJsonAsync($"/repos/octo-org/infra/actions/runs/{(long)deploys[0]!["id"]!}/jobs", token))["jobs"]!.AsArray();
        Assert.Contains(deployJobs, j => Time(j!["started_at"]) - Time(j["created_at"]) >= TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task Replayed_history_waits_for_the_receiver_then_delivers_every_job_and_run_of_the_past()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerWith = 503;
        await using var simulator = SimulatorFactory.Create(new Dictionary<string, string?>
        {
            ["Simulator:World:HistoryDays"] = "3",
            ["Simulator:Scenario:ReplayHistory"] = "true",
            ["Simulator:WebhookUrl"] = receiver.Url,
        });
        _ = simulator.Server;
        var token = (await simulator.SignInAsync("octocat")).AccessToken;
        var runs = (await simulator.GetJsonAsync("/repos/octo-org/octo-repo/actions/runs?per_page=100", token))["workflow_runs"]!.AsArray();

        // The receiver is down: the first delivery is tried, and tried again with the same id, until it answers.
        await receiver.WaitForAsync(all => all.Count >= 1, "the probe while the receiver is down");
        receiver.AnswerWith = 200;
        var runIds = runs.Select(r => (long)r!["id"]!).ToList();
        Assert.NotEmpty(runIds);
        var received = await receiver.WaitForAsync(
            all => runIds.All(id => all.Any(d => d.AnsweredWith == 200 && d.Event == "workflow_run" && d.RunId == id)),
            "a workflow_run delivery for every past run of octo-org/octo-repo", TimeSpan.FromSeconds(30));

        var delivered = received.Where(d => d.AnsweredWith == 200).ToList();
        Assert.Equal(delivered.Count, delivered.Select(d => d.DeliveryId).Distinct().Count());
        Assert.Contains(received, d => d.AnsweredWith == 503 && delivered.Any(r => r.DeliveryId == d.DeliveryId));
        Assert.All(delivered, d => Assert.Equal("completed", d.Action));
        Assert.All(delivered.Where(d => d.Event == "workflow_run"),
            d => Assert.True(Time(d.Payload["workflow_run"]!["created_at"]) < DateTimeOffset.UtcNow.AddMinutes(-15)));
        Assert.Contains(delivered, d => d.Event == "workflow_job" && d.Payload["workflow_job"]!["labels"]!.AsArray().Count > 0);
    }

    [Fact]
    public async Task Without_history_days_the_world_keeps_its_few_recent_runs()
    {
        await using var simulator = new SimulatorFactory();
        var token = (await simulator.SignInAsync("octocat")).AccessToken;

        var runs = await simulator.GetJsonAsync("/repos/octocat/hello-world/actions/runs", token);

        Assert.Equal(3, (int)runs["total_count"]!);
    }
}
