namespace GitHub.Simulator.ConformanceTests;

/// <summary>
/// The reads the dashboard makes, through Octokit's typed clients on a GitHub Enterprise Server base address: what
/// Octokit deserialises must carry every field the dashboard uses, with values its enums accept.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class RestReadTests(SimulatorServer simulator)
{
    [Fact]
    public async Task Repositories_of_the_user_are_listed_with_ids_names_and_permissions()
    {
        var octocat = await simulator.UserClientAsync("octocat");

        var repositories = await octocat.Repository.GetAllForCurrent();

        Assert.Equal(["octo-org/infra", "octo-org/octo-repo", "octocat/hello-world"], repositories.Select(r => r.FullName).Order(StringComparer.Ordinal));
        Assert.All(repositories, r =>
        {
            Assert.True(r.Id > 0);
            Assert.False(string.IsNullOrEmpty(r.Owner.Login));
            Assert.False(string.IsNullOrEmpty(r.HtmlUrl));
            Assert.NotNull(r.Permissions);
            Assert.True(r.Permissions.Pull);
        });
        var repository = await octocat.Repository.Get("octo-org", "octo-repo");
        Assert.Equal((217723378L, true, "octo-org"), (repository.Id, repository.Private, repository.Owner.Login));
    }

    [Fact]
    public async Task Installations_of_the_user_and_their_repositories()
    {
        var octocat = await simulator.UserClientAsync("octocat");

        var installations = await octocat.GitHubApps.GetAllInstallationsForCurrentUser();

        Assert.Equal(installations.Installations.Count, installations.TotalCount);
        var org = Assert.Single(installations.Installations, i => i.Id == 3456996);
        Assert.Equal("octo-org", org.Account.Login);
        Assert.Equal(12345, org.AppId);
        var repositories = await octocat.GitHubApps.Installation.GetAllRepositoriesForCurrentUser(3456996);
        Assert.Equal(["octo-org/infra", "octo-org/octo-repo"], repositories.Repositories.Select(r => r.FullName).Order(StringComparer.Ordinal));
        Assert.Equal(2, repositories.TotalCount);
    }

    [Fact]
    public async Task Workflows_are_listed_and_fetched_by_id_and_by_file_name()
    {
        var octocat = await simulator.UserClientAsync("octocat");

        var workflows = await octocat.Actions.Workflows.List("octo-org", "octo-repo");

        Assert.Equal(2, workflows.TotalCount);
        var ci = Assert.Single(workflows.Workflows, w => w.Name == "CI");
        Assert.Equal((161335L, ".github/workflows/ci.yml", WorkflowState.Active), (ci.Id, ci.Path, ci.State.Value));
        Assert.False(string.IsNullOrEmpty(ci.HtmlUrl));
        Assert.Equal(ci.Id, (await octocat.Actions.Workflows.Get("octo-org", "octo-repo", 161335)).Id);
        Assert.Equal(ci.Id, (await octocat.Actions.Workflows.Get("octo-org", "octo-repo", "ci.yml")).Id);
    }

    [Fact]
    public async Task Run_carries_every_field_the_dashboard_uses()
    {
        var octocat = await simulator.UserClientAsync("octocat");
        var runId = await simulator.StartRunAsync(branch: "feature/octokit");
        await simulator.AdvanceRunAsync(runId);

        var run = await octocat.Actions.Workflows.Runs.Get("octo-org", "octo-repo", runId);

        Assert.Equal(runId, run.Id);
        Assert.Equal("CI", run.Name);
        Assert.Equal("feature/octokit", run.HeadBranch);
        Assert.Matches("^[0-9a-f]{40}$", run.HeadSha);
        Assert.True(run.RunNumber > 0);
        Assert.Equal(1, run.RunAttempt);
        Assert.Equal(161335, run.WorkflowId);
        Assert.Equal(WorkflowRunStatus.InProgress, run.Status.Value);
        Assert.Null(run.Conclusion);
        Assert.Equal(new Uri(simulator.Url, $"/octo-org/octo-repo/actions/runs/{runId}"), new Uri(run.HtmlUrl));
        Assert.Equal((217723378L, "octo-org/octo-repo"), (run.Repository.Id, run.Repository.FullName));
        Assert.Equal("octocat", run.Actor.Login);
        Assert.False(string.IsNullOrEmpty(run.Actor.AvatarUrl));
        Assert.False(string.IsNullOrEmpty(run.DisplayTitle));
        Assert.NotEqual(default, run.CreatedAt);
        Assert.True(run.UpdatedAt >= run.CreatedAt);
        Assert.True(run.RunStartedAt >= run.CreatedAt);

        await simulator.CompleteRunAsync(runId, "failure");
        var completed = await octocat.Actions.Workflows.Runs.Get("octo-org", "octo-repo", runId);
        Assert.Equal(WorkflowRunStatus.Completed, completed.Status.Value);
        Assert.Equal(WorkflowRunConclusion.Failure, completed.Conclusion!.Value.Value);
    }

    [Fact]
    public async Task Runs_are_filtered_by_branch_status_actor_event_head_sha_and_created()
    {
        var octocat = await simulator.UserClientAsync("octocat");
        var branch = "filter-" + Guid.NewGuid().ToString("N")[..8];
        var started = await simulator.StartRunAsync(branch: branch);
        var finished = await simulator.StartRunAsync(branch: branch);
        await simulator.CompleteRunAsync(finished, "success");
        var runs = octocat.Actions.Workflows.Runs;

        var onBranch = await runs.List("octo-org", "octo-repo", new WorkflowRunsRequest { Branch = branch });
        Assert.Equal([finished, started], onBranch.WorkflowRuns.Select(r => r.Id).Order().Reverse());
        Assert.Equal(2, onBranch.TotalCount);

        var completed = await runs.List("octo-org", "octo-repo", new WorkflowRunsRequest { Branch = branch, Status = CheckRunStatusFilter.Completed });
        Assert.Equal([finished], completed.WorkflowRuns.Select(r => r.Id));
        var succeeded = await runs.List("octo-org", "octo-repo", new WorkflowRunsRequest { Branch = branch, Status = CheckRunStatusFilter.Success });
        Assert.Equal([finished], succeeded.WorkflowRuns.Select(r => r.Id));

        var byOctocat = await runs.List("octo-org", "octo-repo", new WorkflowRunsRequest { Branch = branch, Actor = "octocat", Event = "push" });
        Assert.Equal(2, byOctocat.TotalCount);
        var byHubot = await runs.List("octo-org", "octo-repo", new WorkflowRunsRequest { Branch = branch, Actor = "hubot" });
        Assert.Equal(0, byHubot.TotalCount);
        Assert.Empty(byHubot.WorkflowRuns);

        var headSha = onBranch.WorkflowRuns.Single(r => r.Id == started).HeadSha;
        var bySha = await runs.List("octo-org", "octo-repo", new WorkflowRunsRequest { HeadSha = headSha });
        Assert.Contains(bySha.WorkflowRuns, r => r.Id == started);
        Assert.All(bySha.WorkflowRuns, r => Assert.Equal(headSha, r.HeadSha));

        var today = await runs.List("octo-org", "octo-repo", new WorkflowRunsRequest { Branch = branch, Created = $">={DateTime.UtcNow:yyyy-MM-dd}" });
        Assert.Equal(2, today.TotalCount);
        var tomorrow = await runs.List("octo-org", "octo-repo", new WorkflowRunsRequest { Branch = branch, Created = $">{DateTime.UtcNow:yyyy-MM-dd}" });
        Assert.Equal(0, tomorrow.TotalCount);

        var ofWorkflow = await runs.ListByWorkflow("octo-org", "octo-repo", 161335, new WorkflowRunsRequest { Branch = branch });
        Assert.Equal(2, ofWorkflow.TotalCount);
        var ofOtherWorkflow = await runs.ListByWorkflow("octo-org", "octo-repo", "linter.yml", new WorkflowRunsRequest { Branch = branch });
        Assert.Equal(0, ofOtherWorkflow.TotalCount);
    }

    [Fact]
    public async Task Jobs_carry_steps_labels_and_runner_once_started()
    {
        var octocat = await simulator.UserClientAsync("octocat");
        var runId = await simulator.StartRunAsync();
        await simulator.AdvanceRunAsync(runId);
        await simulator.AdvanceRunAsync(runId);

        var jobs = await octocat.Actions.Workflows.Jobs.List("octo-org", "octo-repo", runId);

        Assert.Equal(jobs.Jobs.Count, jobs.TotalCount);
        Assert.NotEmpty(jobs.Jobs);
        Assert.All(jobs.Jobs, job =>
        {
            Assert.True(job.Id > 0);
            Assert.Equal(runId, job.RunId);
            Assert.False(string.IsNullOrEmpty(job.Name));
            Assert.Contains(job.Status.Value, Enum.GetValues<WorkflowJobStatus>());
            Assert.NotEmpty(job.Labels);
            Assert.False(string.IsNullOrEmpty(job.HtmlUrl));
        });
        var started = jobs.Jobs.Where(j => j.Status.Value != WorkflowJobStatus.Queued).ToList();
        Assert.NotEmpty(started);
        Assert.All(started, job =>
        {
            Assert.False(string.IsNullOrEmpty(job.RunnerName));
            Assert.NotEmpty(job.Steps);
            Assert.Equal(Enumerable.Range(1, job.Steps.Count), job.Steps.Select(s => s.Number));
            Assert.All(job.Steps, step =>
            {
                Assert.False(string.IsNullOrEmpty(step.Name));
                Assert.Contains(step.Status.Value, Enum.GetValues<WorkflowJobStatus>());
            });
        });

        var one = await octocat.Actions.Workflows.Jobs.Get("octo-org", "octo-repo", started[0].Id);
        Assert.Equal((started[0].Id, started[0].Name, runId), (one.Id, one.Name, one.RunId));
        Assert.Equal(started[0].Steps.Count, one.Steps.Count);
    }

    [Fact]
    public async Task Rate_limit_endpoint_reads_into_Octokits_MiscellaneousRateLimit()
    {
        var octocat = await simulator.UserClientAsync("octocat");

        var limits = await octocat.RateLimit.GetRateLimits();

        Assert.Equal(5000, limits.Resources.Core.Limit);
        Assert.InRange(limits.Resources.Core.Remaining, 1, 5000);
        Assert.True(limits.Resources.Core.Reset > DateTimeOffset.UtcNow);
        Assert.Equal(5000, limits.Rate.Limit);
    }
}
