using ActionsDashboard.IntegrationEvents;
using GitHubProxy.Api.Services;

namespace GitHubProxy.Api.FunctionalTests;

[Collection(GitHubProxyCollection.Name)]
public sealed class ReconcilerTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    private const long OctoOrgInstallation = 3456996;

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Runs_stuck_after_a_missed_webhook_are_rechecked_as_the_installation_with_conditional_requests()
    {
        var missed = (long)(await fixture.StartRunAsync("octo-org/octo-repo"))["id"]!;
        var quiet = (long)(await fixture.StartRunAsync("octo-org/octo-repo"))["id"]!;
        var first = StuckEvent(missed);
        var second = StuckEvent(quiet) with { Status = "queued", Action = "requested" };
        await fixture.PublishAsync(first);
        await fixture.PublishAsync(second);
        await WaitUntilAsync(async () => (await fixture.QueryAsync("SELECT count(*) FROM processed_events WHERE event_id = ANY(@ids)",
            r => r.GetInt64(0), ("ids", new[] { first.Id, second.Id }))).Single() == 2);

        // The "completed" delivery of the first run never arrives.
        await fixture.CompleteRunAsync(missed, "success");
        fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        var reconciler = fixture.Proxy.Services.GetRequiredService<StuckRunReconciler>();
        Assert.True(reconciler.Enabled);
        var rechecked = await reconciler.RunOnceAsync(CancellationToken.None);
        Assert.True(rechecked >= 2, $"{rechecked} re-checked; " + string.Join("\n", fixture.Logs.Lines.Where(l => l.Contains("Reconciler", StringComparison.Ordinal)).TakeLast(3)));

        var row = (await fixture.QueryAsync("SELECT status, conclusion FROM workflow_runs WHERE id = @id",
            r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)), ("id", missed))).Single();
        Assert.Equal(("completed", "success"), row);

        // Still queued on GitHub: re-checked again later with its ETag, and GitHub answers 304.
        await fixture.ClearRequestLogAsync();
        fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        await reconciler.RunOnceAsync(CancellationToken.None);
        var recent = (await fixture.RequestLogAsync())["recent"]!.AsArray();
        var recheck = recent.Single(r => ((string)r!["path"]!).EndsWith($"/actions/runs/{quiet}", StringComparison.Ordinal))!;
        Assert.Equal(304, (int)recheck["status_code"]!);
        Assert.DoesNotContain(recent, r => ((string)r!["path"]!).EndsWith($"/actions/runs/{missed}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stuck_run_GitHub_no_longer_has_leaves_the_read_model_instead_of_being_rechecked_every_round()
    {
        const long missing = 987_654_321;
        var gone = StuckEvent(missing);
        await fixture.PublishAsync(gone);
        await WaitUntilAsync(async () => (await fixture.QueryAsync("SELECT count(*) FROM processed_events WHERE event_id = @id",
            r => r.GetInt64(0), ("id", gone.Id))).Single() == 1);
        Assert.Single(await fixture.QueryAsync("SELECT id FROM workflow_runs WHERE id = @id", r => r.GetInt64(0), ("id", missing)));

        // A replica that re-checks after 10 s, so the shared clock moves seconds (the simulator's rate limits run on the real one).
        await using var replica = fixture.CreateProxy(new Dictionary<string, string?> { ["GitHubProxy:ReconcileAfter"] = "00:00:10" });
        fixture.Clock.Advance(TimeSpan.FromSeconds(15));
        await replica.Services.GetRequiredService<StuckRunReconciler>().RunOnceAsync(CancellationToken.None);

        Assert.Empty(await fixture.QueryAsync("SELECT id FROM workflow_runs WHERE id = @id", r => r.GetInt64(0), ("id", missing)));
    }

    private static WorkflowRunChanged StuckEvent(long runId) =>
        TestEvents.WorkflowRun(new RepositoryReference(217723378, "octo-org/octo-repo", "octo-org", "octo-repo"), runId, "in_progress",
            DateTimeOffset.UtcNow.AddMinutes(-2)) with
        {
            InstallationId = OctoOrgInstallation, RunNumber = 1, CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-2), StartedAt = null, HtmlUrl = null,
        };

    private static Task WaitUntilAsync(Func<Task<bool>> condition) =>
        Eventually.UntilAsync(condition, "for the events to be applied", TimeSpan.FromSeconds(20));
}
