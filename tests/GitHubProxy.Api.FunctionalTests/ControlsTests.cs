namespace GitHubProxy.Api.FunctionalTests;

/// <summary>Running a workflow by hand and reviewing a waiting deployment, through the simulator.</summary>
[Collection(GitHubProxyCollection.Name)]
public sealed class ControlsTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    // The default world's octo-org/infra: Deploy (workflow_dispatch with inputs, environment production, octocat reviews).
    private const string Infra = "/api/repos/octo-org/infra";
    private const long Deploy = 2823525;
    private const long OctoRepoCi = 161335;

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_dispatch_form_lists_the_inputs_the_workflow_file_declares_at_the_ref()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);

        var form = await client.GetFromJsonAsync<JsonObject>($"{Infra}/workflows/{Deploy}/dispatch?ref=main");

        Assert.True((bool)form!["dispatchable"]!);
        Assert.Equal(".github/workflows/deploy.yml", (string?)form["path"]);
        var inputs = form["inputs"]!.AsArray();
        Assert.Equal(["version", "target", "log-level", "dry-run", "parallelism"], inputs.Select(i => (string)i!["name"]!));
        var version = inputs[0]!;
        Assert.True((bool)version["required"]!);
        Assert.Equal("string", (string?)version["type"]);
        var logLevel = inputs[2]!;
        Assert.Equal("choice", (string?)logLevel["type"]);
        Assert.Equal(["info", "debug", "trace"], logLevel["options"]!.AsArray().Select(o => (string)o!));
        Assert.Equal("info", (string?)logLevel["default"]);
        Assert.Equal("boolean", (string?)inputs[3]!["type"]);
        Assert.Equal("environment", (string?)inputs[1]!["type"]);

        // CI has no workflow_dispatch trigger: the form says so rather than failing.
        var ci = await client.GetFromJsonAsync<JsonObject>($"/api/repos/octo-org/octo-repo/workflows/{OctoRepoCi}/dispatch");
        Assert.False((bool)ci!["dispatchable"]!);
        Assert.Equal("main", (string?)ci["ref"]);
    }

    [Fact]
    public async Task A_dispatch_with_inputs_starts_a_run_that_waits_for_approval_and_an_approval_lets_it_go_on()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var before = await fixture.GitHubCallsAsync("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches");

        using var dispatch = await client.PostAsJsonAsync($"{Infra}/workflows/{Deploy}/dispatches",
            new { @ref = "main", inputs = new Dictionary<string, object> { ["version"] = "v2.0.0", ["log-level"] = "debug", ["dry-run"] = true, ["parallelism"] = 4 } });

        Assert.Equal(HttpStatusCode.Accepted, dispatch.StatusCode);
        Assert.Equal(before + 1, await fixture.GitHubCallsAsync("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches"));
        var runs = await client.GetFromJsonAsync<JsonObject>($"{Infra}/runs?event=workflow_dispatch&status=waiting&perPage=100");
        var run = runs!["runs"]!.AsArray().OrderByDescending(r => (long)r!["id"]!).First()!;
        var runId = (long)run["id"]!;
        Assert.Equal("waiting", (string?)run["status"]);

        var pending = await client.GetFromJsonAsync<JsonObject>($"{Infra}/runs/{runId}/pending-deployments");
        var deployment = pending!["deployments"]!.AsArray().Single()!;
        Assert.Equal("production", (string?)deployment["environment"]);
        Assert.True((bool)deployment["currentUserCanApprove"]!);
        Assert.Equal(["octocat"], deployment["reviewers"]!.AsArray().Select(r => (string)r!));

        using var approve = await client.PostAsJsonAsync($"{Infra}/runs/{runId}/pending-deployments",
            new { environmentIds = new[] { (long)deployment["environmentId"]! }, state = "approved", comment = "Ship it" });
        Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);

        var after = await client.GetFromJsonAsync<JsonObject>($"{Infra}/runs/{runId}");
        Assert.Equal("in_progress", (string?)after!["status"]);
        var none = await client.GetFromJsonAsync<JsonObject>($"{Infra}/runs/{runId}/pending-deployments");
        Assert.Empty(none!["deployments"]!.AsArray());
    }

    [Fact]
    public async Task A_rejected_deployment_fails_the_run()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        using var dispatch = await client.PostAsJsonAsync($"{Infra}/workflows/{Deploy}/dispatches", new { @ref = "main", inputs = new { version = "v3" } });
        Assert.Equal(HttpStatusCode.Accepted, dispatch.StatusCode);
        var runs = await client.GetFromJsonAsync<JsonObject>($"{Infra}/runs?event=workflow_dispatch&status=waiting&perPage=100");
        var runId = runs!["runs"]!.AsArray().Max(r => (long)r!["id"]!);
        var pending = await client.GetFromJsonAsync<JsonObject>($"{Infra}/runs/{runId}/pending-deployments");
        var environmentId = (long)pending!["deployments"]![0]!["environmentId"]!;

        using var reject = await client.PostAsJsonAsync($"{Infra}/runs/{runId}/pending-deployments",
            new { environmentIds = new[] { environmentId }, state = "rejected", comment = "Not today" });
        Assert.Equal(HttpStatusCode.Accepted, reject.StatusCode);

        var after = await client.GetFromJsonAsync<JsonObject>($"{Infra}/runs/{runId}");
        Assert.Equal("completed", (string?)after!["status"]);
        Assert.Equal("failure", (string?)after["conclusion"]);

        // Its first job failed without running: the failure view answers that no step failed and there is no log, rather than
        // failing itself.
        var jobs = await client.GetFromJsonAsync<JsonObject>($"{Infra}/runs/{runId}/jobs");
        var failedJob = jobs!["jobs"]!.AsArray().Single(j => (string?)j!["conclusion"] == "failure")!;
        using var failure = await client.GetAsync($"{Infra}/jobs/{(long)failedJob["id"]!}/failure");
        Assert.Equal(HttpStatusCode.OK, failure.StatusCode);
        var why = await GitHubProxyFixture.ReadJsonAsync(failure);
        Assert.Null(why["failedStep"]);
        Assert.Empty(why["logTail"]!.AsArray());
        Assert.False((bool)why["logAvailable"]!);

        // Reviewing again: nothing waits any more, GitHub refuses, and the answer says so.
        using var again = await client.PostAsJsonAsync($"{Infra}/runs/{runId}/pending-deployments",
            new { environmentIds = new[] { environmentId }, state = "approved", comment = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("GitHub said", (string)(await GitHubProxyFixture.ReadJsonAsync(again))["detail"]!);
    }

    [Theory]
    [InlineData("""{"ref":"main","inputs":{"version":"v1","colour":"red"}}""", "inputs.colour")]
    [InlineData("""{"ref":"main","inputs":{"log-level":"debug"}}""", "inputs.version")]
    [InlineData("""{"ref":"main","inputs":{"version":"v1","log-level":"loud"}}""", "inputs.log-level")]
    [InlineData("""{"ref":"main","inputs":{"version":"v1","dry-run":"maybe"}}""", "inputs.dry-run")]
    [InlineData("""{"ref":"main","inputs":{"version":"v1","parallelism":"many"}}""", "inputs.parallelism")]
    [InlineData("""{"ref":"main","inputs":{"version":{"a":1}}}""", "inputs.version")]
    [InlineData("""{"inputs":{"version":"v1"}}""", "ref")]
    [InlineData("""{"ref":"bad..ref","inputs":{"version":"v1"}}""", "ref")]
    public async Task Inputs_that_do_not_match_the_file_are_a_400_and_github_is_not_asked(string body, string field)
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);

        using var response = await client.PostAsync($"{Infra}/workflows/{Deploy}/dispatches",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await GitHubProxyFixture.ReadJsonAsync(response);
        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(0, await fixture.GitHubCallsAsync("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches"));
    }

    [Fact]
    public async Task A_ref_that_does_not_exist_is_a_404_problem_naming_it()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);

        using var form = await client.GetAsync($"{Infra}/workflows/{Deploy}/dispatch?ref=no-such-branch");
        using var dispatch = await client.PostAsJsonAsync($"{Infra}/workflows/{Deploy}/dispatches", new { @ref = "no-such-branch", inputs = new { version = "v1" } });

        foreach (var response in new[] { form, dispatch })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var problem = await GitHubProxyFixture.ReadJsonAsync(response);
            Assert.Equal("Branch or tag not found", (string?)problem["title"]);
            Assert.Contains("no-such-branch", (string)problem["detail"]!);
        }
    }

    [Fact]
    public async Task A_workflow_without_workflow_dispatch_is_a_422_and_github_is_not_asked()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);

        using var response = await client.PostAsJsonAsync($"/api/repos/octo-org/octo-repo/workflows/{OctoRepoCi}/dispatches", new { @ref = "main" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("workflow_dispatch", (string)(await GitHubProxyFixture.ReadJsonAsync(response))["detail"]!);
        Assert.Equal(0, await fixture.GitHubCallsAsync("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches"));
    }

    [Fact]
    public async Task A_workflow_file_that_is_not_valid_yaml_is_a_422_problem_not_a_500()
    {
        await fixture.CreateRepositoryAsync("octocat", "broken-yaml", new() { ["octocat"] = "admin" });
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var workflows = await client.GetFromJsonAsync<JsonObject>("/api/repos/octocat/broken-yaml/workflows");
        var workflowId = (long)workflows!["workflows"]![0]!["id"]!;
        using var put = await fixture.Http.PutAsync(new Uri(fixture.SimulatorUrl, $"/_simulator/repositories/octocat/broken-yaml/workflows/{workflowId}/content"),
            new StringContent("name: CI\non: [workflow_dispatch\njobs: {", System.Text.Encoding.UTF8, "text/plain"));
        put.EnsureSuccessStatusCode();

        using var response = await client.GetAsync($"/api/repos/octocat/broken-yaml/workflows/{workflowId}/dispatch?ref=main");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await GitHubProxyFixture.ReadJsonAsync(response);
        Assert.Equal("Invalid workflow file", (string?)problem["title"]);
        Assert.Contains("not valid YAML", (string)problem["detail"]!);
    }

    [Fact]
    public async Task GitHubs_refusal_of_a_dispatch_is_a_403_saying_write_access_is_needed()
    {
        // monalisa may only read the repository: the simulator refuses as GitHub does, before looking at the trigger.
        await fixture.CreateRepositoryAsync("octocat", "read-only-dispatch", new() { ["octocat"] = "admin", ["monalisa"] = "pull" });
        using var owner = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var workflows = await owner.GetFromJsonAsync<JsonObject>("/api/repos/octocat/read-only-dispatch/workflows");
        var workflowId = (long)workflows!["workflows"]![0]!["id"]!;
        using var put = await fixture.Http.PutAsync(new Uri(fixture.SimulatorUrl, $"/_simulator/repositories/octocat/read-only-dispatch/workflows/{workflowId}/content"),
            new StringContent("name: CI\non: workflow_dispatch\njobs:\n  build:\n    runs-on: ubuntu-latest\n", System.Text.Encoding.UTF8, "text/plain"));
        put.EnsureSuccessStatusCode();
        using var client = fixture.ClientFor(GitHubProxyFixture.Monalisa);

        using var response = await client.PostAsJsonAsync($"/api/repos/octocat/read-only-dispatch/workflows/{workflowId}/dispatches", new { @ref = "main" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await GitHubProxyFixture.ReadJsonAsync(response);
        Assert.Equal("GitHub refused", (string?)problem["title"]);
        Assert.Contains("write access", (string)problem["detail"]!);
    }

    [Fact]
    public async Task A_repository_the_user_cannot_see_is_a_404_for_every_control()
    {
        // infra is octocat's alone.
        using var client = fixture.ClientFor(GitHubProxyFixture.Monalisa);

        using var form = await client.GetAsync($"{Infra}/workflows/{Deploy}/dispatch");
        using var dispatch = await client.PostAsJsonAsync($"{Infra}/workflows/{Deploy}/dispatches", new { @ref = "main", inputs = new { version = "v1" } });
        using var pending = await client.GetAsync($"{Infra}/runs/1/pending-deployments");
        using var review = await client.PostAsJsonAsync($"{Infra}/runs/1/pending-deployments", new { environmentIds = new[] { 1 }, state = "approved", comment = "" });

        foreach (var response in new[] { form, dispatch, pending, review })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("Repository not found", (string?)(await GitHubProxyFixture.ReadJsonAsync(response))["title"]);
        }
        Assert.Equal(0, await fixture.GitHubCallsAsync("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches"));
    }

    [Theory]
    [InlineData("""{"environmentIds":[],"state":"approved","comment":""}""", "environmentIds")]
    [InlineData("""{"environmentIds":[1],"state":"maybe","comment":""}""", "state")]
    public async Task A_review_that_is_not_approved_or_rejected_of_some_environment_is_a_400(string body, string field)
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);

        using var response = await client.PostAsync($"{Infra}/runs/1/pending-deployments", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await GitHubProxyFixture.ReadJsonAsync(response))["errors"]![field]);
    }
}
