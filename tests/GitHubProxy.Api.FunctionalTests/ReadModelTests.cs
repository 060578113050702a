using ActionsDashboard.IntegrationEvents;

namespace GitHubProxy.Api.FunctionalTests;

[Collection(GitHubProxyCollection.Name)]
public sealed class ReadModelTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    // The simulator's octo-org/octo-repo: events carry GitHub's repository id, and the read model serves a run only under it.
    private static readonly RepositoryReference OctoRepo = new(217723378, "octo-org/octo-repo", "octo-org", "octo-repo");
    private static long _nextRunId = 880_000_000 + Random.Shared.Next(1_000_000);

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Out_of_order_and_duplicate_run_events_never_move_a_run_backwards()
    {
        var runId = Interlocked.Increment(ref _nextRunId);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        var completed = RunEvent(runId, "completed", "success", t0.AddMinutes(2));
        var inProgress = RunEvent(runId, "in_progress", null, t0.AddMinutes(1));
        // The same event again (same id), even with different content: ignored.
        var duplicate = completed with { Conclusion = "cancelled", UpdatedAt = t0.AddMinutes(3) };
        // Same time, lower status rank: ignored.
        var sameTimeLowerRank = RunEvent(runId, "queued", null, t0.AddMinutes(2));

        foreach (var @event in new WorkflowRunChanged[] { completed, duplicate, inProgress, sameTimeLowerRank })
        {
            await fixture.PublishAsync(@event);
        }

        await WaitForProcessedAsync(completed.Id, inProgress.Id, sameTimeLowerRank.Id);
        var row = (await fixture.QueryAsync("SELECT status, conclusion, updated_at FROM workflow_runs WHERE id = @id",
            r => (Status: r.GetString(0), Conclusion: r.IsDBNull(1) ? null : r.GetString(1), UpdatedAt: r.GetFieldValue<DateTimeOffset>(2)),
            ("id", runId))).Single();
        Assert.Equal("completed", row.Status);
        Assert.Equal("success", row.Conclusion);
        Assert.Equal(t0.AddMinutes(2).ToUnixTimeMilliseconds(), row.UpdatedAt.ToUnixTimeMilliseconds());

        // A later attempt (a re-run) moves it on again.
        var rerun = RunEvent(runId, "queued", null, t0.AddMinutes(5)) with { RunAttempt = 2 };
        await fixture.PublishAsync(rerun);
        await WaitForProcessedAsync(rerun.Id);
        var attempt = (await fixture.QueryAsync("SELECT run_attempt, status FROM workflow_runs WHERE id = @id",
            r => (Attempt: r.GetInt32(0), Status: r.GetString(1)), ("id", runId))).Single();
        Assert.Equal((2, "queued"), attempt);
    }

    [Fact]
    public async Task Out_of_order_job_events_keep_the_furthest_state()
    {
        var runId = Interlocked.Increment(ref _nextRunId);
        var jobId = runId * 10;
        var done = JobEvent(jobId, runId, "completed", "success");
        var started = JobEvent(jobId, runId, "in_progress", null);
        await fixture.PublishAsync(done);
        await fixture.PublishAsync(started);
        await fixture.PublishAsync(done);
        await WaitForProcessedAsync(done.Id, started.Id);

        var row = (await fixture.QueryAsync("SELECT status, conclusion, steps::text FROM workflow_jobs WHERE id = @id",
            r => (Status: r.GetString(0), Conclusion: r.IsDBNull(1) ? null : r.GetString(1), Steps: r.GetString(2)), ("id", jobId))).Single();
        Assert.Equal("completed", row.Status);
        Assert.Equal("success", row.Conclusion);
        Assert.Contains("Set up job", row.Steps);
        Assert.Equal(1, (await fixture.QueryAsync("SELECT count(*) FROM processed_events WHERE event_id = @id", r => r.GetInt64(0), ("id", done.Id))).Single());
    }

    [Fact]
    public async Task A_webhook_updates_what_the_dashboard_returns_without_any_GitHub_call()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        using (var put = await client.PutAsJsonAsync("/api/settings", new
        {
            repositories = new object[]
            {
                new { fullName = "octocat/hello-world", category = "Personal" },
                new { fullName = "octo-org/octo-repo", category = "Team" },
                new { fullName = "octo-org/infra", category = (string?)null },
            },
            pinned = new[] { "octo-org/infra" },
            theme = "system",
            autoRefresh = new { enabled = true, intervalSeconds = 60 },
            notifications = new { failedRunsOnPinned = false },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        await WaitUntilAsync(async () => (await fixture.QueryAsync(
            "SELECT count(*) FROM tracked_repositories WHERE backfilled_at IS NOT NULL AND repository_id = ANY(@ids)", r => r.GetInt64(0),
            ("ids", new[] { 1296269L, 217723378L, 300029405L }))).Single() == 3, "the backfill");

        var dashboard = await client.GetFromJsonAsync<JsonObject>("/api/dashboard");
        var order = dashboard!["repositories"]!.AsArray().Select(r => (string)r!["fullName"]!).ToArray();
        Assert.Equal(["octo-org/infra", "octocat/hello-world", "octo-org/octo-repo"], order);
        var octoRepo = dashboard["repositories"]!.AsArray().Single(r => (string)r!["fullName"]! == "octo-org/octo-repo")!;
        Assert.Equal("Team", (string?)octoRepo["category"]);
        Assert.False((bool)octoRepo["pinned"]!);
        var latest = octoRepo["runs"]!.AsArray();
        Assert.NotEmpty(latest);
        Assert.Equal(latest.Count, latest.Select(r => ((long)r!["workflowId"]!, (string?)r["branch"])).Distinct().Count());
        var workflowId = (long)latest[0]!["workflowId"]!;
        await fixture.ClearRequestLogAsync();

        var runId = Interlocked.Increment(ref _nextRunId);
        var webhook = RunEvent(runId, "in_progress", null, DateTimeOffset.UtcNow) with { WorkflowId = workflowId, HeadBranch = "webhook-branch" };
        await fixture.PublishAsync(webhook);

        await WaitUntilAsync(async () =>
        {
            var current = await client.GetFromJsonAsync<JsonObject>("/api/dashboard");
            var repo = current!["repositories"]!.AsArray().Single(r => (string)r!["fullName"]! == "octo-org/octo-repo")!;
            return repo["runs"]!.AsArray().Any(r => (long)r!["id"]! == runId && (string?)r["status"] == "in_progress");
        }, "the webhook's run on the dashboard");

        // The run itself also comes from the read model.
        var single = await client.GetFromJsonAsync<JsonObject>($"/api/repos/octo-org/octo-repo/runs/{runId}");
        Assert.Equal("in_progress", (string?)single!["status"]);
        Assert.Equal("webhook-branch", (string?)single["branch"]);
        Assert.False((bool)single["stale"]!);
        Assert.Equal(0, await fixture.GitHubCallsAsync());
    }

    [Fact]
    public async Task Old_runs_are_pruned()
    {
        var runId = Interlocked.Increment(ref _nextRunId);
        var old = RunEvent(runId, "completed", "success", DateTimeOffset.UtcNow.AddDays(-40)) with { CreatedAt = DateTimeOffset.UtcNow.AddDays(-40) };
        await fixture.PublishAsync(old);
        await WaitForProcessedAsync(old.Id);

        var store = fixture.Proxy.Services.GetRequiredService<GitHubProxy.Api.Services.ReadModelStore>();
        await store.PruneAsync(DateTimeOffset.UtcNow.AddDays(-30), CancellationToken.None);

        Assert.Empty(await fixture.QueryAsync("SELECT id FROM workflow_runs WHERE id = @id", r => r.GetInt64(0), ("id", runId)));
    }

    private static WorkflowRunChanged RunEvent(long runId, string status, string? conclusion, DateTimeOffset updatedAt) =>
        TestEvents.WorkflowRun(OctoRepo, runId, status, updatedAt) with
        {
            Conclusion = conclusion, CreatedAt = updatedAt.AddMinutes(-30), StartedAt = updatedAt.AddMinutes(-29),
        };

    private static WorkflowJobChanged JobEvent(long jobId, long runId, string status, string? conclusion) => new()
    {
        DeliveryId = Guid.NewGuid().ToString(),
        Action = status,
        Repository = OctoRepo,
        JobId = jobId,
        RunId = runId,
        RunAttempt = 1,
        Name = "build",
        Status = status,
        Conclusion = conclusion,
        QueuedAt = DateTimeOffset.UtcNow.AddMinutes(-3),
        StartedAt = DateTimeOffset.UtcNow.AddMinutes(-2),
        CompletedAt = status == "completed" ? DateTimeOffset.UtcNow : null,
        Labels = ["ubuntu-latest"],
        Steps = [new WorkflowJobStep("Set up job", "completed", "success", 1, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddMinutes(-1))],
    };

    private async Task WaitForProcessedAsync(params Guid[] eventIds) =>
        await WaitUntilAsync(async () => (await fixture.QueryAsync("SELECT count(*) FROM processed_events WHERE event_id = ANY(@ids)",
            r => r.GetInt64(0), ("ids", eventIds))).Single() == eventIds.Distinct().Count(), "the events to be applied");

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what) =>
        Eventually.UntilAsync(condition, $"for {what}", TimeSpan.FromSeconds(20));
}
