using ActionsDashboard.GitHub.Models;
using ActionsDashboard.GitHub.Rest;
using GitHub.Simulator.Model;
using GitHub.Simulator.Tests.Infrastructure;

namespace GitHub.Simulator.Tests;

/// <summary>Workflow files, dispatches with inputs and deployments waiting for a reviewer, as the simulator plays them.</summary>
public sealed class ControlsTests
{
    private const long Deploy = 2823525;

    [Theory]
    [InlineData("on: workflow_dispatch\njobs: {}\n", true)]
    [InlineData("on: [push, workflow_dispatch]\njobs: {}\n", true)]
    [InlineData("on:\n  push:\n  workflow_dispatch:\njobs: {}\n", true)]
    [InlineData("on:\n  push:\n    branches: [main]\njobs: {}\n", false)]
    [InlineData("on: [workflow_dispatch\njobs: {", false)]
    public void A_workflow_file_is_dispatchable_in_every_form_of_on(string yaml, bool dispatchable) =>
        Assert.Equal(dispatchable, WorkflowFile.Read(yaml).Dispatchable);

    [Fact]
    public void Broken_yaml_is_a_problem_not_an_exception()
    {
        var file = WorkflowFile.Read("on: [workflow_dispatch\njobs: {");
        Assert.NotNull(file.Problem);
        Assert.Empty(file.Inputs);
    }

    [Fact]
    public async Task A_dispatch_sends_the_workflow_run_webhooks_and_the_run_waits_until_the_reviewer_approves()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var simulator = SimulatorFactory.Create(new Dictionary<string, string?> { ["Simulator:WebhookUrl"] = receiver.Url });
        var token = (await simulator.SignInAsync("octocat")).AccessToken;
        var rest = simulator.RestClient();
        var asOctocat = new GitHubRequestOptions { Token = token };

        var workflow = await rest.GetWorkflowAsync("octo-org", "infra", Deploy, asOctocat);
        var file = await rest.GetContentAsync("octo-org", "infra", workflow.Value!.Path, "main", asOctocat);
        Assert.Equal("base64", file.Value!.Encoding);
        Assert.Contains("workflow_dispatch", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(file.Value.Content!.Replace("\n", ""))));

        var dispatched = await rest.CreateWorkflowDispatchAsync("octo-org", "infra", Deploy,
            new WorkflowDispatchRequest { Ref = "main", Inputs = new() { ["version"] = "v5", ["log-level"] = "trace" } }, asOctocat);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, dispatched.StatusCode);

        var runs = await rest.ListWorkflowRunsForWorkflowAsync("octo-org", "infra", Deploy, new WorkflowRunsQuery { Event = "workflow_dispatch" }, asOctocat);
        var run = Assert.Single(runs.Value!.Items);
        Assert.Equal("waiting", run.Status);
        var requested = await receiver.WaitForAsync(all => all.Any(d => d.RunId == run.Id && d.Event == "workflow_run" && d.Action == "requested"),
            "the dispatched run's workflow_run requested", TimeSpan.FromSeconds(10));
        var payload = requested.First(d => d.RunId == run.Id && d.Action == "requested").Payload["workflow_run"]!;
        Assert.Equal("workflow_dispatch", (string?)payload["event"]);
        Assert.Equal("waiting", (string?)payload["status"]);

        // A step of the run does nothing while it waits.
        (await simulator.CreateHttpClient().PostAsync($"/_simulator/runs/{run.Id}/advance", null)).Dispose();
        Assert.Equal("waiting", (await rest.GetWorkflowRunAsync("octo-org", "infra", run.Id, asOctocat)).Value!.Status);

        var pending = await rest.ListPendingDeploymentsAsync("octo-org", "infra", run.Id, asOctocat);
        var deployment = Assert.Single(pending.Value!);
        Assert.Equal("production", deployment.Environment.Name);
        Assert.True(deployment.CurrentUserCanApprove);
        Assert.Equal("octocat", Assert.Single(deployment.Reviewers).Reviewer!.Login);

        await rest.ReviewPendingDeploymentsAsync("octo-org", "infra", run.Id,
            new PendingDeploymentReview { EnvironmentIds = [deployment.Environment.Id], State = "approved", Comment = "Ship it" }, asOctocat);

        Assert.Equal("in_progress", (await rest.GetWorkflowRunAsync("octo-org", "infra", run.Id, asOctocat)).Value!.Status);
        await receiver.WaitForAsync(all => all.Any(d => d.RunId == run.Id && d.Event == "workflow_run" && d.Action == "in_progress"),
            "the approved run's workflow_run in_progress", TimeSpan.FromSeconds(10));
        Assert.Empty((await rest.ListPendingDeploymentsAsync("octo-org", "infra", run.Id, asOctocat)).Value!);
    }

    [Fact]
    public async Task A_reader_may_not_dispatch_and_an_unknown_input_is_refused_in_GitHubs_words()
    {
        await using var simulator = SimulatorFactory.Create([]);
        var rest = simulator.RestClient();
        var octocat = new GitHubRequestOptions { Token = (await simulator.SignInAsync("octocat")).AccessToken };
        var monalisa = new GitHubRequestOptions { Token = (await simulator.SignInAsync("monalisa")).AccessToken };

        var unknown = await Assert.ThrowsAsync<GitHubApiException>(() => rest.CreateWorkflowDispatchAsync("octo-org", "infra", Deploy,
            new WorkflowDispatchRequest { Ref = "main", Inputs = new() { ["version"] = "v1", ["colour"] = "red" } }, octocat));
        Assert.Equal(GitHubErrorKind.ValidationFailed, unknown.Kind);
        Assert.Equal("Unexpected inputs provided: [\"colour\"]", unknown.GitHubMessage);

        var reader = await Assert.ThrowsAsync<GitHubApiException>(() => rest.CreateWorkflowDispatchAsync("octo-org", "octo-repo", 161335,
            new WorkflowDispatchRequest { Ref = "main" }, monalisa));
        Assert.Equal(GitHubErrorKind.PermissionDenied, reader.Kind);
        Assert.Empty((await rest.ListWorkflowRunsAsync("octo-org", "octo-repo", new WorkflowRunsQuery { Event = "workflow_dispatch" }, octocat)).Value!.Items);
    }

    [Fact]
    public async Task The_demo_opens_with_a_deployment_waiting_for_octocat()
    {
        await using var simulator = SimulatorFactory.Create(new Dictionary<string, string?>
        {
            ["Simulator:World:HistoryDays"] = "1",
            ["Simulator:Scenario:Enabled"] = "true",
            ["Simulator:Scenario:StepSeconds"] = "3600",
        });
        var token = (await simulator.SignInAsync("octocat")).AccessToken;

        var runs = (await simulator.GetJsonAsync("/repos/octo-org/infra/actions/runs?status=waiting", token))["workflow_runs"]!.AsArray();

        var waiting = Assert.Single(runs)!;
        Assert.Equal("workflow_dispatch", (string?)waiting["event"]);
        var pending = (await simulator.GetJsonAsync($"/repos/octo-org/infra/actions/runs/{(long)waiting["id"]!}/pending_deployments", token)).AsArray();
        Assert.True((bool)Assert.Single(pending)!["current_user_can_approve"]!);
    }
}
