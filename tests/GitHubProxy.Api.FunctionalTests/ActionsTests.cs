namespace GitHubProxy.Api.FunctionalTests;

[Collection(GitHubProxyCollection.Name)]
public sealed class ActionsTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Rerun_of_a_completed_run_is_accepted_with_the_users_token()
    {
        var run = await fixture.StartRunAsync("octo-org/octo-repo");
        var id = (long)run["id"]!;
        await fixture.CompleteRunAsync(id, "failure");
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);

        using var rerunFailed = await client.PostAsync($"/api/repos/octo-org/octo-repo/runs/{id}/rerun-failed-jobs", null);
        Assert.Equal(HttpStatusCode.Accepted, rerunFailed.StatusCode);
        Assert.Equal("requested", (string?)(await GitHubProxyFixture.ReadJsonAsync(rerunFailed))["status"]);

        var log = await fixture.RequestLogAsync();
        Assert.Equal(1, (int)log["by_route"]!["POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs"]!);
    }

    [Fact]
    public async Task Cancel_and_rerun_of_a_job_are_accepted_and_cancelling_a_finished_run_is_409()
    {
        var run = await fixture.StartRunAsync("octo-org/octo-repo");
        var id = (long)run["id"]!;
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);

        using var cancel = await client.PostAsync($"/api/repos/octo-org/octo-repo/runs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

        await fixture.CompleteRunAsync(id, "success");
        using var again = await client.PostAsync($"/api/repos/octo-org/octo-repo/runs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);

        var jobs = await client.GetFromJsonAsync<JsonObject>($"/api/repos/octo-org/octo-repo/runs/{id}/jobs");
        var jobId = (long)jobs!["jobs"]![0]!["id"]!;
        using var rerunJob = await client.PostAsync($"/api/repos/octo-org/octo-repo/jobs/{jobId}/rerun", null);
        Assert.Equal(HttpStatusCode.Accepted, rerunJob.StatusCode);

        using var rerunning = await client.PostAsync($"/api/repos/octo-org/octo-repo/runs/{id}/rerun", null);
        Assert.Equal(HttpStatusCode.Conflict, rerunning.StatusCode);
    }

    [Fact]
    public async Task GitHubs_refusal_of_a_rerun_is_a_403_problem_a_person_understands()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Monalisa);
        var list = await client.GetFromJsonAsync<JsonObject>("/api/repos/octo-org/octo-repo/runs?status=completed&perPage=1");
        var id = (long)list!["runs"]![0]!["id"]!;

        using var response = await client.PostAsync($"/api/repos/octo-org/octo-repo/runs/{id}/rerun", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await GitHubProxyFixture.ReadJsonAsync(response);
        Assert.Equal(403, (int)problem["status"]!);
        Assert.Contains("write access", (string)problem["detail"]!);
    }

    [Fact]
    public async Task Rerunning_a_job_drops_its_runs_cached_jobs()
    {
        var run = await fixture.StartRunAsync("octo-org/octo-repo");
        var id = (long)run["id"]!;
        await fixture.CompleteRunAsync(id, "failure");
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var jobs = await client.GetFromJsonAsync<JsonObject>($"/api/repos/octo-org/octo-repo/runs/{id}/jobs");
        var job = jobs!["jobs"]![0]!;
        Assert.Equal("completed", (string?)job["status"]);

        using var rerun = await client.PostAsync($"/api/repos/octo-org/octo-repo/jobs/{(long)job["id"]!}/rerun", null);
        Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        await fixture.ClearRequestLogAsync();

        // Well within the jobs' 10 s freshness: only a dropped cache entry makes this ask GitHub again.
        var after = await client.GetFromJsonAsync<JsonObject>($"/api/repos/octo-org/octo-repo/runs/{id}/jobs");
        Assert.Equal(1, await fixture.GitHubCallsAsync("GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs"));
        Assert.NotEqual(jobs.ToJsonString(), after!.ToJsonString());
    }
}
