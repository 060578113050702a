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
}
