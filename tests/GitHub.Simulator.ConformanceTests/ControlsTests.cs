using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace GitHub.Simulator.ConformanceTests;

/// <summary>
/// The workflow file at a ref, the workflow dispatch event and pending deployments, through Octokit where it has the call
/// (<c>Repository.Content.GetAllContentsByRef</c>, <c>Actions.Workflows.CreateDispatch</c>,
/// for the request only); Octokit 14 has no call that lists pending deployments, and its
/// <c>ReviewPendingDeployments</c> reads one deployment where GitHub documents an array, so those two are sent as GitHub
/// documents them, as are the bodies GitHub refuses (to read its message as sent).
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class ControlsTests(SimulatorServer simulator)
{
    private const long Deploy = 2823525;

    [Fact]
    public async Task Octokit_reads_a_workflow_file_at_a_ref_and_an_unknown_ref_is_404()
    {
        var octocat = await simulator.UserClientAsync("octocat");

        var files = await octocat.Repository.Content.GetAllContentsByRef("octo-org", "infra", ".github/workflows/deploy.yml", "main");

        var file = Assert.Single(files);
        Assert.Equal(ContentType.File, file.Type.Value);
        Assert.Equal("deploy.yml", file.Name);
        Assert.Contains("workflow_dispatch:", file.Content);
        Assert.Contains("environment: production", file.Content);
        await Assert.ThrowsAsync<NotFoundException>(() =>
            octocat.Repository.Content.GetAllContentsByRef("octo-org", "infra", ".github/workflows/deploy.yml", "no-such-branch"));
    }

    [Fact]
    public async Task A_dispatch_with_inputs_is_accepted_and_its_run_waits_for_the_environment_until_approved()
    {
        var octocat = await simulator.UserClientAsync("octocat");
        var before = (await octocat.Actions.Workflows.Runs.ListByWorkflow("octo-org", "infra", Deploy)).WorkflowRuns.Select(r => r.Id).ToHashSet();

        await octocat.Actions.Workflows.CreateDispatch("octo-org", "infra", Deploy,
            new CreateWorkflowDispatch("main") { Inputs = new Dictionary<string, object> { ["version"] = "v9.9.9", ["dry-run"] = "true" } });

        var run = (await octocat.Actions.Workflows.Runs.ListByWorkflow("octo-org", "infra", Deploy)).WorkflowRuns.Single(r => !before.Contains(r.Id));
        Assert.Equal("workflow_dispatch", run.Event);
        Assert.Equal("waiting", run.Status.StringValue);
        Assert.Equal("main", run.HeadBranch);

        var pending = await PendingAsync("octocat", run.Id);
        var deployment = Assert.Single(pending.AsArray())!;
        Assert.Equal("production", (string?)deployment["environment"]!["name"]);
        Assert.True((bool)deployment["current_user_can_approve"]!);
        Assert.Equal("octocat", (string?)deployment["reviewers"]![0]!["reviewer"]!["login"]);
        Assert.Equal("User", (string?)deployment["reviewers"]![0]!["type"]);

        var (status, deployments) = await SendAsync("octocat", HttpMethod.Post, $"/repos/octo-org/infra/actions/runs/{run.Id}/pending_deployments",
            new { environment_ids = new[] { (long)deployment["environment"]!["id"]! }, state = "approved", comment = "Ship it" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("production", (string?)Assert.Single(deployments!.AsArray())!["environment"]);
        Assert.Equal("in_progress", (await octocat.Actions.Workflows.Runs.Get("octo-org", "infra", run.Id)).Status.StringValue);
        Assert.Empty((await PendingAsync("octocat", run.Id)).AsArray());
    }

    [Theory]
    [InlineData("""{"ref":"main","inputs":{"version":"v1","colour":"red"}}""", "Unexpected inputs provided: [\"colour\"]")]
    [InlineData("""{"ref":"main","inputs":{}}""", "Required input 'version' not provided")]
    [InlineData("""{"ref":"nope","inputs":{"version":"v1"}}""", "No ref found for: nope")]
    [InlineData("""{"ref":"main","inputs":{"version":"v1","log-level":"loud"}}""", "Provided value 'loud' for input 'log-level' not in the list of allowed values")]
    public async Task A_dispatch_GitHub_would_refuse_is_a_422_with_its_message(string body, string message)
    {
        var (status, refused) = await SendAsync("octocat", HttpMethod.Post, $"/repos/octo-org/infra/actions/workflows/{Deploy}/dispatches", JsonNode.Parse(body));

        Assert.Equal((HttpStatusCode)422, status);
        Assert.Equal(message, (string?)refused!["message"]);

    }

    [Fact]
    public async Task A_workflow_without_workflow_dispatch_is_refused_and_a_reader_gets_403()
    {
        var octocat = await simulator.UserClientAsync("octocat");
        var noTrigger = await Assert.ThrowsAsync<ApiValidationException>(() =>
            octocat.Actions.Workflows.CreateDispatch("octo-org", "octo-repo", 161335, new CreateWorkflowDispatch("main")));
        Assert.Equal("Workflow does not have 'workflow_dispatch' trigger", noTrigger.Message);

        var monalisa = await simulator.UserClientAsync("monalisa");
        var forbidden = await Assert.ThrowsAsync<ForbiddenException>(() =>
            monalisa.Actions.Workflows.CreateDispatch("octo-org", "octo-repo", 161335, new CreateWorkflowDispatch("main")));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task A_rejected_deployment_fails_the_run_and_only_a_reviewer_may_review()
    {
        var octocat = await simulator.UserClientAsync("octocat");
        var before = (await octocat.Actions.Workflows.Runs.ListByWorkflow("octo-org", "infra", Deploy)).WorkflowRuns.Select(r => r.Id).ToHashSet();
        await octocat.Actions.Workflows.CreateDispatch("octo-org", "infra", Deploy,
            new CreateWorkflowDispatch("main") { Inputs = new Dictionary<string, object> { ["version"] = "v1" } });
        var run = (await octocat.Actions.Workflows.Runs.ListByWorkflow("octo-org", "infra", Deploy)).WorkflowRuns.Single(r => !before.Contains(r.Id));
        var environmentId = (long)(await PendingAsync("octocat", run.Id))[0]!["environment"]!["id"]!;

        var (rejected, _) = await SendAsync("octocat", HttpMethod.Post, $"/repos/octo-org/infra/actions/runs/{run.Id}/pending_deployments",
            new { environment_ids = new[] { environmentId }, state = "rejected", comment = "Not today" });
        Assert.Equal(HttpStatusCode.OK, rejected);

        var after = await octocat.Actions.Workflows.Runs.Get("octo-org", "infra", run.Id);
        Assert.Equal(WorkflowRunStatus.Completed, after.Status.Value);
        Assert.Equal(WorkflowRunConclusion.Failure, after.Conclusion!.Value.Value);
        var (again, _) = await SendAsync("octocat", HttpMethod.Post, $"/repos/octo-org/infra/actions/runs/{run.Id}/pending_deployments",
            new { environment_ids = new[] { environmentId }, state = "approved", comment = "Again" });
        Assert.Equal((HttpStatusCode)422, again);
    }

    [Fact]
    public async Task Pending_deployments_of_a_repository_the_caller_cannot_see_are_404_and_the_run_keeps_waiting()
    {
        var octocat = await simulator.UserClientAsync("octocat");
        var before = (await octocat.Actions.Workflows.Runs.ListByWorkflow("octo-org", "infra", Deploy)).WorkflowRuns.Select(r => r.Id).ToHashSet();
        await octocat.Actions.Workflows.CreateDispatch("octo-org", "infra", Deploy,
            new CreateWorkflowDispatch("main") { Inputs = new Dictionary<string, object> { ["version"] = "v1" } });
        var run = (await octocat.Actions.Workflows.Runs.ListByWorkflow("octo-org", "infra", Deploy)).WorkflowRuns.Single(r => !before.Contains(r.Id));

        // hubot cannot see infra at all: 404, as for any private repository.
        var (hidden, _) = await SendAsync("hubot", HttpMethod.Get, $"/repos/octo-org/infra/actions/runs/{run.Id}/pending_deployments", null);
        var (refused, _) = await SendAsync("hubot", HttpMethod.Post, $"/repos/octo-org/infra/actions/runs/{run.Id}/pending_deployments",
            new { environment_ids = new[] { 161088068L }, state = "approved", comment = "" });
        Assert.Equal(HttpStatusCode.NotFound, hidden);
        Assert.Equal(HttpStatusCode.NotFound, refused);
        Assert.Equal("waiting", (await octocat.Actions.Workflows.Runs.Get("octo-org", "infra", run.Id)).Status.StringValue);
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(string login, HttpMethod method, string path, object? body)
    {
        var token = await simulator.SignInAsync(login);
        using var request = new HttpRequestMessage(method, new Uri(simulator.Url, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        request.Headers.UserAgent.ParseAdd("conformance");
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }
        using var response = await simulator.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private async Task<JsonNode> PendingAsync(string login, long runId)
    {
        var token = await simulator.SignInAsync(login);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(simulator.Url, $"/repos/octo-org/infra/actions/runs/{runId}/pending_deployments"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        request.Headers.UserAgent.ParseAdd("conformance");
        using var response = await simulator.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
