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
    public async Task Without_history_days_the_world_keeps_its_few_recent_runs()
    {
        await using var simulator = new SimulatorFactory();
        var token = (await simulator.SignInAsync("octocat")).AccessToken;

        var runs = await simulator.GetJsonAsync("/repos/octocat/hello-world/actions/runs", token);

        Assert.Equal(3, (int)runs["total_count"]!);
    }
}
