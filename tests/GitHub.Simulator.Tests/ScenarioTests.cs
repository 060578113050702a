using System.Security.Cryptography;
using System.Text;
using ActionsDashboard.GitHub.Rest;
using GitHub.Simulator.Tests.Infrastructure;

namespace GitHub.Simulator.Tests;

/// <summary>The scenario engine keeps runs going by itself (the demo mode) and announces every change.</summary>
public sealed class ScenarioTests
{
    [Fact]
    public async Task Scenario_engine_keeps_runs_going_and_delivers_their_events_in_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var simulator = SimulatorFactory.Create(new Dictionary<string, string?>
        {
            ["Simulator:WebhookUrl"] = receiver.Url,
            ["GitHub:WebhookSecret"] = "from the GitHub section",
            ["Simulator:Scenario:Enabled"] = "true",
            ["Simulator:Scenario:StepSeconds"] = "0.02",
        });
        _ = simulator.Server;

        var received = await receiver.WaitForAsync(
            all => all.Any(d => d.Event == "workflow_run" && d.Action == "completed" && d.RunId is { } id
                && all.Any(r => r.RunId == id && r.Action == "requested")),
            "a run the scenario started and finished", TimeSpan.FromSeconds(30));

        var runId = received.First(d => d.Event == "workflow_run" && d.Action == "completed" && received.Any(r => r.RunId == d.RunId && r.Action == "requested")).RunId;
        Assert.Equal(["requested", "in_progress", "completed"],
            received.Where(d => d.RunId == runId && d.Event == "workflow_run").Select(d => d.Action!));
        // GitHub:WebhookSecret is the fallback for Simulator:WebhookSecret.
        var key = Encoding.UTF8.GetBytes("from the GitHub section");
        Assert.All(received, d => Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, d.Body)), d.Headers["X-Hub-Signature-256"]));
        var world = await simulator.ControlAsync(HttpMethod.Get, "/_simulator/world");
        Assert.True(world["scenario"]!["enabled"]!.GetValue<bool>());
        Assert.True(world["scenario"]!["steps"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task Scenario_steps_through_the_control_api_start_a_run_and_drive_it_to_completion()
    {
        // Scenario runs wait for slow runners in wall-clock minutes; steps through the control API take no time.
        await using var simulator = SimulatorFactory.Create(new Dictionary<string, string?>
        {
            ["Simulator:World:QueueMinutes:self-hosted"] = "0",
            ["Simulator:World:QueueMinutes:macos-latest"] = "0",
        });
        var octocat = GitHubRequestOptions.ForToken((await simulator.SignInAsync("octocat")).AccessToken);

        var step = await simulator.ControlAsync(HttpMethod.Post, "/_simulator/scenario/step");
        var runId = step["started_run_ids"]!.AsArray().Single()!.GetValue<long>();
        var repository = (await simulator.ControlAsync(HttpMethod.Get, "/_simulator/deliveries?run_id=" + runId))[0]!["repository"]!.GetValue<string>().Split('/');
        for (var i = 0; i < 60; i++)
        {
            await simulator.ControlAsync(HttpMethod.Post, "/_simulator/scenario/step");
        }
        var run = (await simulator.RestClient().GetWorkflowRunAsync(repository[0], repository[1], runId, octocat)).GetValueOrThrow();

        Assert.Equal("completed", run.Status);
        Assert.Contains(run.Conclusion, new[] { "success", "failure" });
        Assert.NotNull(run.RunStartedAt);
        var jobs = (await simulator.RestClient().ListJobsForWorkflowRunAsync(repository[0], repository[1], runId, request: octocat)).GetValueOrThrow().Items;
        Assert.All(jobs, job => Assert.Equal("completed", job.Status));
        Assert.All(jobs.SelectMany(job => job.Steps), s => Assert.Equal("completed", s.Status));
    }

    [Fact]
    public async Task A_flaky_job_fails_its_first_attempt_and_the_scenario_re_runs_it_on_the_same_commit_where_it_passes()
    {
        await using var simulator = SimulatorFactory.Create(new Dictionary<string, string?>
        {
            ["Simulator:World:HistoryRunsPerWorkflow"] = "0",
            ["Simulator:World:Repositories:0:Owner"] = "octocat",
            ["Simulator:World:Repositories:0:Name"] = "flaky",
            ["Simulator:World:Repositories:0:Id"] = "5",
            ["Simulator:World:Repositories:0:Workflows:0:Id"] = "77",
            ["Simulator:World:Repositories:0:Workflows:0:Name"] = "CI",
            ["Simulator:World:Repositories:0:Workflows:0:Path"] = ".github/workflows/ci.yml",
            ["Simulator:World:Repositories:0:Workflows:0:Jobs:0:Name"] = "test",
            ["Simulator:World:Repositories:0:Workflows:0:Jobs:0:Steps:0"] = "Run tests",
            ["Simulator:World:Repositories:0:Workflows:0:Jobs:0:FlakyRate"] = "1",
            ["Simulator:Scenario:FailureRate"] = "0",
        });
        var octocat = GitHubRequestOptions.ForToken((await simulator.SignInAsync("octocat")).AccessToken);
        var runId = (await simulator.ControlAsync(HttpMethod.Post, "/_simulator/scenario/step"))["started_run_ids"]!.AsArray()[0]!.GetValue<long>();

        for (var i = 0; i < 60; i++)
        {
            await simulator.ControlAsync(HttpMethod.Post, "/_simulator/scenario/step");
        }
        var run = (await simulator.RestClient().GetWorkflowRunAsync("octocat", "flaky", runId, octocat)).GetValueOrThrow();
        var jobs = (await simulator.RestClient().ListJobsForWorkflowRunAsync("octocat", "flaky", runId, new WorkflowJobsQuery { Filter = "all" }, octocat))
            .GetValueOrThrow().Items;

        Assert.Equal((2, "completed", "success"), (run.RunAttempt, run.Status, run.Conclusion));
        var first = Assert.Single(jobs, j => j.RunAttempt == 1);
        var second = Assert.Single(jobs, j => j.RunAttempt == 2);
        Assert.Equal(("failure", "success"), (first.Conclusion, second.Conclusion));
        Assert.Equal(run.HeadSha, first.HeadSha);
        Assert.Equal(run.HeadSha, second.HeadSha);
    }
}
