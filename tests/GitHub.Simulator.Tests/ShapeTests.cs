using System.Text.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;
using GitHub.Simulator.Tests.Infrastructure;

namespace GitHub.Simulator.Tests;

/// <summary>The simulator's REST answers and webhook bodies keep the property names and JSON kinds of GitHub's samples.</summary>
public sealed class ShapeTests(SimulatorFactory simulator) : IClassFixture<SimulatorFactory>
{
    private static JsonElement Element(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();

    private async Task<string> TokenAsync(string login = "octocat") => (await simulator.SignInAsync(login)).AccessToken;

    [Fact]
    public async Task Run_list_has_the_shape_of_the_list_workflow_runs_sample()
    {
        var runs = await simulator.GetJsonAsync("/repos/octo-org/octo-repo/actions/runs", await TokenAsync());

        JsonShape.AssertMatches(Samples.RestJson("list-workflow-runs-for-repo.json"), Element(runs), "GET /repos/{owner}/{repo}/actions/runs");
    }

    [Fact]
    public async Task Rerun_run_has_the_shape_of_the_get_workflow_run_sample()
    {
        // The sample is a second attempt (previous_attempt_url is set), so compare a re-run run.
        var token = await TokenAsync();
        var runId = await simulator.StartRunAsync();
        await simulator.CompleteRunAsync(runId, "failure");
        var rerun = await simulator.RestClient().RerunWorkflowRunAsync("octo-org", "octo-repo", runId, request: new() { Token = token });
        Assert.Equal(System.Net.HttpStatusCode.Created, rerun.StatusCode);

        var run = await simulator.GetJsonAsync($"/repos/octo-org/octo-repo/actions/runs/{runId}", token);

        JsonShape.AssertMatches(Samples.RestJson("get-workflow-run.json"), Element(run), "GET /repos/{owner}/{repo}/actions/runs/{run_id}");
    }

    [Fact]
    public async Task Jobs_have_the_shape_of_the_list_jobs_for_workflow_run_sample()
    {
        var runId = await simulator.StartRunAsync();
        await simulator.CompleteRunAsync(runId);

        var jobs = await simulator.GetJsonAsync($"/repos/octo-org/octo-repo/actions/runs/{runId}/jobs", await TokenAsync());

        JsonShape.AssertMatches(Samples.RestJson("list-jobs-for-workflow-run.json"), Element(jobs), "GET .../actions/runs/{run_id}/jobs");
    }

    [Fact]
    public async Task Workflows_have_the_shape_of_the_list_repo_workflows_sample()
    {
        var workflows = await simulator.GetJsonAsync("/repos/octo-org/octo-repo/actions/workflows", await TokenAsync());

        JsonShape.AssertMatches(Samples.RestJson("list-repo-workflows.json"), Element(workflows), "GET .../actions/workflows");
    }

    [Fact]
    public async Task Authenticated_user_has_the_shape_of_the_get_authenticated_user_sample()
    {
        var user = await simulator.GetJsonAsync("/user", await TokenAsync());

        JsonShape.AssertMatches(Samples.RestJson("get-authenticated-user.json"), Element(user), "GET /user");
        Assert.Equal("octocat", user["login"]!.GetValue<string>());
    }

    [Fact]
    public async Task User_repositories_have_the_shape_of_the_list_repos_sample()
    {
        var repositories = await simulator.GetJsonAsync("/user/repos", await TokenAsync());

        JsonShape.AssertMatches(Samples.RestJson("list-repos-for-authenticated-user.json"), Element(repositories), "GET /user/repos");
    }

    [Fact]
    public async Task User_installations_have_the_shape_of_the_list_user_installations_sample()
    {
        var installations = await simulator.GetJsonAsync("/user/installations", await TokenAsync());

        JsonShape.AssertMatches(Samples.RestJson("list-user-installations.json"), Element(installations), "GET /user/installations");
    }

    [Fact]
    public async Task Rate_limit_has_the_shape_of_the_rate_limit_sample()
    {
        var rateLimit = await simulator.GetJsonAsync("/rate_limit", await TokenAsync());

        JsonShape.AssertMatches(Samples.RestJson("rate-limit.json"), Element(rateLimit), "GET /rate_limit");
    }

    [Theory]
    [InlineData("workflow_run.requested.json", "workflow_run", "requested", null)]
    [InlineData("workflow_run.completed.json", "workflow_run", "completed", null)]
    [InlineData("workflow_run.completed.with-pull-requests.json", "workflow_run", "completed", null)]
    [InlineData("workflow_job.queued.json", "workflow_job", "queued", null)]
    [InlineData("workflow_job.in_progress.json", "workflow_job", "in_progress", null)]
    [InlineData("workflow_job.completed.success.json", "workflow_job", "completed", "success")]
    [InlineData("workflow_job.completed.failure.json", "workflow_job", "completed", "failure")]
    [InlineData("push.json", "push", null, null)]
    public async Task Webhook_payload_has_the_shape_of_the_sample(string sampleFile, string eventName, string? action, string? jobConclusion)
    {
        var runId = await simulator.StartRunAsync();
        await simulator.CompleteRunAsync(runId, "failure");
        var deliveries = await simulator.DeliveriesAsync(runId);

        JsonNode? match = null;
        foreach (var candidate in deliveries.OfType<JsonNode>())
        {
            if (candidate["event"]!.GetValue<string>() == eventName && candidate["action"]?.GetValue<string>() == action
                && (jobConclusion is null || await JobConclusion(candidate["id"]!.GetValue<string>()) == jobConclusion))
            {
                match = candidate;
                break;
            }
        }
        Assert.NotNull(match);
        var delivery = await simulator.ControlAsync(HttpMethod.Get, $"/_simulator/deliveries/{match["id"]}");

        JsonShape.AssertMatches(Samples.WebhookJson(sampleFile), Element(delivery["payload"]!), $"the {eventName}{(action is null ? "" : "." + action)} delivery");
        // And Octokit.Webhooks, which Webhooks.Api reads deliveries with, reads it.
        var parsed = OctokitWebhooks.Parse(eventName, System.Text.Encoding.UTF8.GetBytes(delivery["payload"]!.ToJsonString()));
        Assert.Equal(action, parsed.Action);
        Assert.Equal("octo-org/octo-repo", parsed.Repository?.FullName);
    }

    private async Task<string?> JobConclusion(string deliveryId)
    {
        var delivery = await simulator.ControlAsync(HttpMethod.Get, $"/_simulator/deliveries/{deliveryId}");
        return delivery["payload"]?["workflow_job"]?["conclusion"]?.GetValue<string>();
    }
}
