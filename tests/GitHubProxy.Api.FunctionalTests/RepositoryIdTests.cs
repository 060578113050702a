using ActionsDashboard.IntegrationEvents;

namespace GitHubProxy.Api.FunctionalTests;

/// <summary>
/// The read model serves runs by GitHub's repository id, resolved from the requested name through the user's current
/// access list: a repository deleted (or transferred) and replaced by another of the same name shows none of the old
/// one's history, and a renamed repository keeps its history under the new name. The simulator deletes, creates (with a
/// new id, as GitHub does) and renames repositories; each test uses repositories of its own.
/// </summary>
[Collection(GitHubProxyCollection.Name)]
public sealed class RepositoryIdTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    private static long _nextRunId = 770_000_000 + Random.Shared.Next(1_000_000);

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Runs_of_a_deleted_repository_are_never_served_for_a_new_repository_of_the_same_name()
    {
        var name = $"reborn-{Guid.NewGuid().ToString("N")[..8]}";
        var fullName = $"octo-org/{name}";
        var oldId = await fixture.CreateRepositoryAsync("octo-org", name, new() { ["monalisa"] = "push" });
        using var monalisa = fixture.ClientFor(GitHubProxyFixture.Monalisa);
        await SelectAsync(monalisa, fullName);
        await WaitForBackfillAsync(oldId);
        var oldRun = RunEvent(new RepositoryReference(oldId, fullName, "octo-org", name));
        await fixture.PublishAsync(oldRun);
        await WaitUntilAsync(async () => (await RunIdsOnDashboardAsync(monalisa, fullName)).Contains(oldRun.RunId), "the old repository's run");

        // Deleted, and a new private repository takes the name: another repository (a new id) that only octocat can reach.
        await fixture.DeleteRepositoryAsync(fullName);
        var newId = await fixture.CreateRepositoryAsync("octo-org", name, new() { ["octocat"] = "push" });
        Assert.NotEqual(oldId, newId);
        await fixture.ResetAsync();
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);
        await SelectAsync(octocat, fullName);
        await WaitForBackfillAsync(newId);
        // A late delivery about the old repository, under the name it had.
        var late = RunEvent(new RepositoryReference(oldId, fullName, "octo-org", name));
        await fixture.PublishAsync(late);
        await WaitForProcessedAsync(late.Id);

        Assert.Empty(await RunIdsOnDashboardAsync(octocat, fullName));
        using var run = await octocat.GetAsync($"/api/repos/{fullName}/runs/{oldRun.RunId}");
        Assert.Equal(HttpStatusCode.NotFound, run.StatusCode);
        Assert.Equal("application/problem+json", run.Content.Headers.ContentType?.MediaType);
        using var lateRun = await octocat.GetAsync($"/api/repos/{fullName}/runs/{late.RunId}");
        Assert.Equal(HttpStatusCode.NotFound, lateRun.StatusCode);
        // The old rows are still there, kept under the old id, which nobody's access list has any more.
        Assert.Equal(new[] { oldId, oldId }, await fixture.QueryAsync("SELECT repository_id FROM workflow_runs WHERE id = ANY(@ids)", r => r.GetInt64(0),
            ("ids", new[] { oldRun.RunId, late.RunId })));
    }

    [Fact]
    public async Task A_renamed_repository_keeps_its_history_under_the_new_name()
    {
        var before = $"before-{Guid.NewGuid().ToString("N")[..8]}";
        var after = $"after-{Guid.NewGuid().ToString("N")[..8]}";
        var id = await fixture.CreateRepositoryAsync("octo-org", before, new() { ["octocat"] = "push" });
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);
        await SelectAsync(octocat, $"octo-org/{before}");
        await WaitForBackfillAsync(id);
        // A run only the read model knows (GitHub's answer would not have it), stored under the old name.
        var stored = RunEvent(new RepositoryReference(id, $"octo-org/{before}", "octo-org", before));
        await fixture.PublishAsync(stored);
        await WaitUntilAsync(async () => (await RunIdsOnDashboardAsync(octocat, $"octo-org/{before}")).Contains(stored.RunId), "the run");

        await fixture.RenameRepositoryAsync($"octo-org/{before}", after);
        await fixture.ResetAsync();
        await SelectAsync(octocat, $"octo-org/{after}");

        var dashboard = await octocat.GetFromJsonAsync<JsonObject>("/api/dashboard");
        var repository = dashboard!["repositories"]!.AsArray().Single(r => (string)r!["fullName"]! == $"octo-org/{after}")!;
        var run = repository["runs"]!.AsArray().Single(r => (long)r!["id"]! == stored.RunId)!;
        Assert.Equal($"octo-org/{after}", (string?)run["repository"]);
        Assert.False((bool)repository["stale"]!);

        var single = await octocat.GetFromJsonAsync<JsonObject>($"/api/repos/octo-org/{after}/runs/{stored.RunId}");
        Assert.Equal(stored.RunId, (long)single!["id"]!);
        Assert.Equal($"octo-org/{after}", (string?)single["repository"]);
        // The old name is nobody's repository any more.
        using var old = await octocat.GetAsync($"/api/repos/octo-org/{before}/runs/{stored.RunId}");
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        // Still one tracked repository: the rename started no second backfill.
        Assert.Equal(1L, (await fixture.QueryAsync("SELECT count(*) FROM tracked_repositories WHERE repository_id = @id", r => r.GetInt64(0),
            ("id", id))).Single());
    }

    private static WorkflowRunChanged RunEvent(RepositoryReference repository)
    {
        var runId = Interlocked.Increment(ref _nextRunId);
        return TestEvents.WorkflowRun(repository, runId) with { WorkflowId = 424242, HeadBranch = $"branch-{runId}" };
    }

    private static async Task<List<long>> RunIdsOnDashboardAsync(HttpClient client, string fullName)
    {
        var dashboard = await client.GetFromJsonAsync<JsonObject>("/api/dashboard");
        var repository = dashboard!["repositories"]!.AsArray().Single(r => (string)r!["fullName"]! == fullName)!;
        return repository["runs"]!.AsArray().Select(r => (long)r!["id"]!).ToList();
    }

    private static async Task SelectAsync(HttpClient client, string fullName)
    {
        using var saved = await client.PutAsJsonAsync("/api/settings", new
        {
            repositories = new[] { new { fullName, category = (string?)null } },
            pinned = Array.Empty<string>(),
            theme = "system",
            autoRefresh = new { enabled = true, intervalSeconds = 60 },
            notifications = new { failedRunsOnPinned = false },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }

    private Task WaitForBackfillAsync(long repositoryId) =>
        WaitUntilAsync(async () => (await fixture.QueryAsync(
            "SELECT count(*) FROM tracked_repositories WHERE repository_id = @id AND backfilled_at IS NOT NULL", r => r.GetInt64(0),
            ("id", repositoryId))).Single() == 1, $"the backfill of repository {repositoryId}");

    private Task WaitForProcessedAsync(Guid eventId) =>
        WaitUntilAsync(async () => (await fixture.QueryAsync("SELECT count(*) FROM processed_events WHERE event_id = @id",
            r => r.GetInt64(0), ("id", eventId))).Single() == 1, "the event to be applied");

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what) =>
        Eventually.UntilAsync(condition, $"for {what}", TimeSpan.FromSeconds(20));
}
