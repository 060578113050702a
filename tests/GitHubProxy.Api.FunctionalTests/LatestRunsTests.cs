using ActionsDashboard.Contracts;
using ActionsDashboard.IntegrationEvents;
using GitHubProxy.Api.Services;

namespace GitHubProxy.Api.FunctionalTests;

/// <summary>
/// The dashboard reads the latest run of each (workflow, branch) through the pointers of <c>latest_runs</c>, written with
/// each run (issue #17): they must name the same run the full history would, whatever order runs arrive in, and after a run
/// is deleted or pruned; and the dashboard shows at most <c>DashboardRunsPerRepository</c> of them, the default branch first.
/// </summary>
[Collection(GitHubProxyCollection.Name)]
public sealed class LatestRunsTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    private static long _nextRunId = 770_000_000 + Random.Shared.Next(1_000_000);
    private static long _nextRepositoryId = 660_000_000 + Random.Shared.Next(1_000_000);

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private ReadModelStore Store => fixture.Proxy.Services.GetRequiredService<ReadModelStore>();

    [Fact]
    public async Task The_pointer_names_the_newest_run_of_its_workflow_and_branch_whatever_order_runs_are_written_in()
    {
        var repositoryId = Interlocked.Increment(ref _nextRepositoryId);
        var t0 = DateTimeOffset.UtcNow.AddHours(-3);
        var oldest = NewRun(repositoryId, 1, "main", t0);
        var middle = NewRun(repositoryId, 1, "main", t0.AddMinutes(10));
        var newest = NewRun(repositoryId, 1, "main", t0.AddMinutes(20));
        var otherBranch = NewRun(repositoryId, 1, "feature", t0.AddMinutes(5));
        var otherWorkflow = NewRun(repositoryId, 2, "main", t0.AddMinutes(1));

        // Newest first, then older ones, each in its own write, and one batch out of order.
        await Store.ApplyRunsAsync(repositoryId, [newest], CancellationToken.None);
        await Store.ApplyRunsAsync(repositoryId, [oldest], CancellationToken.None);
        await Store.ApplyRunsAsync(repositoryId, [otherWorkflow, middle, otherBranch], CancellationToken.None);

        var latest = await Store.GetLatestRunsAsync([(repositoryId, "main")], 25, CancellationToken.None);
        Assert.Equal([newest.Id, otherBranch.Id, otherWorkflow.Id], latest.Runs[repositoryId].Select(r => r.Id));
        Assert.Equal(0, latest.Hidden[repositoryId]);

        // A later state of an older run does not take the pointer back.
        await Store.ApplyRunsAsync(repositoryId, [middle with { Status = "completed", Conclusion = "failure", UpdatedAt = DateTimeOffset.UtcNow }],
            CancellationToken.None);
        latest = await Store.GetLatestRunsAsync([(repositoryId, "main")], 25, CancellationToken.None);
        Assert.Contains(newest.Id, latest.Runs[repositoryId].Select(r => r.Id));
        Assert.DoesNotContain(middle.Id, latest.Runs[repositoryId].Select(r => r.Id));
    }

    [Fact]
    public async Task A_webhook_for_a_newer_run_moves_the_pointer_and_an_older_one_does_not()
    {
        var repositoryId = Interlocked.Increment(ref _nextRepositoryId);
        var repository = new RepositoryReference(repositoryId, "latest-org/events", "latest-org", "events");
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        var first = RunEvent(repository, Interlocked.Increment(ref _nextRunId), t0);
        var second = RunEvent(repository, Interlocked.Increment(ref _nextRunId), t0.AddMinutes(5));
        var earlier = RunEvent(repository, Interlocked.Increment(ref _nextRunId), t0.AddMinutes(-5));
        foreach (var @event in new[] { first, second, earlier })
        {
            Assert.True(await Store.ApplyRunEventAsync("latest-runs-test", @event.Id, @event.ToRecord(DateTimeOffset.UtcNow), CancellationToken.None));
        }

        var latest = await Store.GetLatestRunsAsync([(repositoryId, "main")], 25, CancellationToken.None);
        Assert.Equal(second.RunId, Assert.Single(latest.Runs[repositoryId]).Id);
    }

    [Fact]
    public async Task A_deleted_run_gives_way_to_the_one_before_it_and_pruned_runs_take_their_pointers_with_them()
    {
        var repositoryId = Interlocked.Increment(ref _nextRepositoryId);
        var t0 = DateTimeOffset.UtcNow.AddDays(-40);
        var ancient = NewRun(repositoryId, 1, "main", t0);
        var before = NewRun(repositoryId, 1, "main", DateTimeOffset.UtcNow.AddHours(-2));
        var latestRun = NewRun(repositoryId, 1, "main", DateTimeOffset.UtcNow.AddHours(-1));
        var oldBranch = NewRun(repositoryId, 1, "stale-branch", t0.AddHours(1));
        await Store.ApplyRunsAsync(repositoryId, [ancient, before, latestRun, oldBranch], CancellationToken.None);

        await Store.DeleteRunAsync(repositoryId, latestRun.Id, CancellationToken.None);
        var latest = await Store.GetLatestRunsAsync([(repositoryId, "main")], 25, CancellationToken.None);
        Assert.Equal([before.Id, oldBranch.Id], latest.Runs[repositoryId].Select(r => r.Id));

        await Store.PruneAsync(DateTimeOffset.UtcNow.AddDays(-30), CancellationToken.None);
        latest = await Store.GetLatestRunsAsync([(repositoryId, "main")], 25, CancellationToken.None);
        Assert.Equal([before.Id], latest.Runs[repositoryId].Select(r => r.Id));
        Assert.Empty(await fixture.QueryAsync("SELECT run_id FROM latest_runs WHERE repository_id = @id AND branch = 'stale-branch'",
            r => r.GetInt64(0), ("id", repositoryId)));
    }

    [Fact]
    public async Task At_most_the_cap_is_shown_every_workflow_on_the_default_branch_first_then_the_newest_branches()
    {
        var repositoryId = Interlocked.Increment(ref _nextRepositoryId);
        var t0 = DateTimeOffset.UtcNow.AddDays(-2);
        // The default branch's runs are the oldest: they are shown all the same.
        var onDefault = new[] { NewRun(repositoryId, 1, "develop", t0), NewRun(repositoryId, 2, "develop", t0.AddMinutes(1)) };
        var branches = Enumerable.Range(1, 8).Select(i => NewRun(repositoryId, 1, $"feature-{i}", t0.AddHours(i))).ToArray();
        await Store.ApplyRunsAsync(repositoryId, [.. onDefault, .. branches], CancellationToken.None);

        var latest = await Store.GetLatestRunsAsync([(repositoryId, "develop")], 5, CancellationToken.None);

        Assert.Equal([branches[7].Id, branches[6].Id, branches[5].Id, onDefault[1].Id, onDefault[0].Id], latest.Runs[repositoryId].Select(r => r.Id));
        Assert.Equal(5, latest.Hidden[repositoryId]);
    }

    [Fact]
    public async Task The_dashboard_answer_carries_the_cap_and_the_count_left_out()
    {
        // octo-org/octo-repo of the simulator, backfilled and installed, with 30 more branches by webhook.
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        using (var put = await client.PutAsJsonAsync("/api/settings", new
        {
            repositories = new[] { new { fullName = "octo-org/octo-repo", category = (string?)null } },
            pinned = Array.Empty<string>(),
            theme = "system",
            autoRefresh = new { enabled = true, intervalSeconds = 60 },
            notifications = new { failedRunsOnPinned = false },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var octoRepo = new RepositoryReference(217723378, "octo-org/octo-repo", "octo-org", "octo-repo");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await fixture.QueryAsync("SELECT count(*) FROM tracked_repositories WHERE backfilled_at IS NOT NULL AND repository_id = @id",
                   r => r.GetInt64(0), ("id", octoRepo.Id))).Single() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The backfill did not finish within 30 s.");
            await Task.Delay(100);
        }

        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 30; i++)
        {
            var @event = RunEvent(octoRepo, Interlocked.Increment(ref _nextRunId), now.AddSeconds(i)) with { HeadBranch = $"cap-branch-{i}" };
            await Store.ApplyRunEventAsync("latest-runs-test", @event.Id, @event.ToRecord(now), CancellationToken.None);
        }

        var pairs = (await fixture.QueryAsync("SELECT count(*) FROM latest_runs WHERE repository_id = @id", r => r.GetInt64(0), ("id", octoRepo.Id))).Single();
        var dashboard = await client.GetFromJsonAsync<JsonObject>("/api/dashboard");
        var repo = dashboard!["repositories"]!.AsArray().Single()!;
        var runs = repo["runs"]!.AsArray();
        var perRepository = new GitHubProxyOptions().DashboardRunsPerRepository;

        Assert.Equal(perRepository, runs.Count);
        Assert.Equal(pairs - perRepository, (long)repo["hiddenRuns"]!);
        // The newest branches are the ones shown.
        Assert.Contains(runs, r => (string?)r!["branch"] == "cap-branch-29");
        Assert.DoesNotContain(runs, r => (string?)r!["branch"] == "cap-branch-0");
    }

    private static Run NewRun(long repositoryId, long workflow, string branch, DateTimeOffset created)
    {
        var id = Interlocked.Increment(ref _nextRunId);
        return new Run
        {
            Id = id,
            Repository = "latest-org/repo",
            RunNumber = id % 10_000,
            RunAttempt = 1,
            WorkflowId = 5_000_000 + workflow,
            WorkflowName = $"Workflow {workflow}",
            Event = "push",
            Branch = branch,
            HeadSha = new string('a', 40),
            Status = "completed",
            Conclusion = "success",
            CreatedAt = created,
            StartedAt = created,
            UpdatedAt = created.AddMinutes(3),
            HtmlUrl = $"https://github.com/latest-org/repo/actions/runs/{id}",
        };
    }

    private static WorkflowRunChanged RunEvent(RepositoryReference repository, long runId, DateTimeOffset created) =>
        TestEvents.WorkflowRun(repository, runId, updatedAt: created.AddMinutes(1)) with
        {
            RunNumber = runId % 10_000, WorkflowId = 5_100_000, Name = "Latest", HeadSha = new string('b', 40), CreatedAt = created, StartedAt = created,
        };
}
