using ActionsDashboard.TestInfrastructure;

namespace GitHub.Simulator.ConformanceTests;

/// <summary>
/// Re-run, re-run failed jobs, re-run one job and cancel, through Octokit's Actions clients: the statuses Octokit
/// accepts (201, 202) and the runs as they read afterwards.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class RestWriteTests(SimulatorServer simulator)
{
    [Fact]
    public async Task Rerun_of_a_completed_run_starts_attempt_two()
    {
        var octocat = await simulator.UserClientAsync("octocat");
        var runId = await simulator.StartRunAsync();
        await simulator.CompleteRunAsync(runId, "success");

        await octocat.Actions.Workflows.Runs.Rerun("octo-org", "octo-repo", runId);

        var run = await octocat.Actions.Workflows.Runs.Get("octo-org", "octo-repo", runId);
        Assert.Equal(2, run.RunAttempt);
        Assert.NotEqual(WorkflowRunStatus.Completed, run.Status.Value);
        Assert.False(string.IsNullOrEmpty(run.PreviousAttemptUrl));
    }

    [Fact]
    public async Task Rerun_failed_jobs_and_rerun_one_job_are_accepted()
    {
        var octocat = await simulator.UserClientAsync("octocat");
        var runs = octocat.Actions.Workflows.Runs;
        var runId = await simulator.StartRunAsync();
        await simulator.CompleteRunAsync(runId, "failure");

        await runs.RerunFailedJobs("octo-org", "octo-repo", runId);
        Assert.Equal(2, (await runs.Get("octo-org", "octo-repo", runId)).RunAttempt);

        await simulator.CompleteRunAsync(runId, "success");
        var job = (await octocat.Actions.Workflows.Jobs.List("octo-org", "octo-repo", runId)).Jobs[0];
        await octocat.Actions.Workflows.Jobs.Rerun("octo-org", "octo-repo", job.Id);
        Assert.Equal(3, (await runs.Get("octo-org", "octo-repo", runId)).RunAttempt);
    }

    [Fact]
    public async Task Cancel_is_accepted_then_the_run_reads_cancelled_and_a_second_cancel_is_409()
    {
        var octocat = await simulator.UserClientAsync("octocat");
        var runs = octocat.Actions.Workflows.Runs;
        var runId = await simulator.StartRunAsync();
        await simulator.AdvanceRunAsync(runId);

        await runs.Cancel("octo-org", "octo-repo", runId);

        var run = await Eventually.WaitForAsync(() => runs.Get("octo-org", "octo-repo", runId), r => r.Status.Value == WorkflowRunStatus.Completed,
            Eventually.DefaultTimeout, "until the cancelled run completes");
        Assert.Equal(WorkflowRunConclusion.Cancelled, run.Conclusion!.Value.Value);
        var conflict = await Assert.ThrowsAsync<ApiException>(() => runs.Cancel("octo-org", "octo-repo", runId));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("Cannot cancel a workflow run that is completed.", conflict.ApiError.Message);
    }
}
