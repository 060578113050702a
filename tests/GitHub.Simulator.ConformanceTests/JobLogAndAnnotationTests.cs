namespace GitHub.Simulator.ConformanceTests;

/// <summary>
/// A failed job's log and its check run's annotations through Octokit's own clients (<c>Actions.Workflows.Jobs.GetLogs</c>
/// follows GitHub's 302 to the signed URL; <c>Check.Run.GetAllAnnotations</c> reads the bare array), and the log host
/// never seeing the token: Octokit drops the Authorization header on a redirect to another host, as the log host's is.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class JobLogAndAnnotationTests(SimulatorServer simulator)
{
    private async Task<(GitHubClient Octocat, long JobId)> FailedJobAsync()
    {
        var octocat = await simulator.UserClientAsync("octocat");
        var runId = await simulator.StartRunAsync();
        await simulator.CompleteRunAsync(runId, "failure");
        var jobs = await octocat.Actions.Workflows.Jobs.List("octo-org", "octo-repo", runId);
        return (octocat, jobs.Jobs.Single(j => j.Conclusion?.Value == WorkflowJobConclusion.Failure).Id);
    }

    [Fact]
    public async Task Octokit_follows_the_logs_redirect_and_reads_the_plain_text_log_without_sending_the_token_there()
    {
        var (octocat, jobId) = await FailedJobAsync();
        await simulator.ControlAsync(HttpMethod.Delete, "/_simulator/requests");

        var log = await octocat.Actions.Workflows.Jobs.GetLogs("octo-org", "octo-repo", jobId);

        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.EndsWith(" ##[group]Run actions/checkout@v4", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" ##[error]", StringComparison.Ordinal));
        var requests = await simulator.ControlAsync(HttpMethod.Get, "/_simulator/requests");
        var logHost = requests["recent"]!.AsArray().Single(r => ((string?)r!["route"])!.Contains("_actions-results", StringComparison.Ordinal))!;
        Assert.Equal(200, (int)logHost["status_code"]!);
        Assert.Null((string?)logHost["token"]);
    }

    [Fact]
    public async Task Octokit_reads_the_annotations_of_a_failed_jobs_check_run()
    {
        var (octocat, jobId) = await FailedJobAsync();

        var annotations = await octocat.Check.Run.GetAllAnnotations("octo-org", "octo-repo", jobId);

        Assert.Contains(annotations, a => a.AnnotationLevel?.Value == CheckAnnotationLevel.Failure && a.Path == ".github"
            && a.Message == "Process completed with exit code 1.");
        Assert.All(annotations, a =>
        {
            Assert.False(string.IsNullOrEmpty(a.Path));
            Assert.True(a.StartLine > 0 && a.EndLine >= a.StartLine);
            Assert.False(string.IsNullOrEmpty(a.BlobHref));
        });
    }

    [Fact]
    public async Task Logs_of_an_unknown_job_are_Octokits_not_found()
    {
        var octocat = await simulator.UserClientAsync("octocat");

        await Assert.ThrowsAsync<NotFoundException>(() => octocat.Actions.Workflows.Jobs.GetLogs("octo-org", "octo-repo", 1));
    }
}
