using ActionsDashboard.IntegrationEvents;

namespace GitHubProxy.Api.FunctionalTests;

/// <summary>
/// <c>GET /api/dashboard</c> carries an ETag when every repository is read from the read model: a revalidation of an
/// unchanged dashboard is a 304 at no GitHub cost, and a new run, a settings change or a new period (five minutes) gives a new ETag.
/// </summary>
[Collection(GitHubProxyCollection.Name)]
public sealed class DashboardETagTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    private static long _nextRunId = 880_000_000 + Random.Shared.Next(1_000_000);

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_unchanged_dashboard_revalidates_as_304_and_a_new_run_or_a_settings_change_answers_it_again()
    {
        var name = $"etag-{Guid.NewGuid().ToString("N")[..8]}";
        var fullName = $"octo-org/{name}";
        var id = await fixture.CreateRepositoryAsync("octo-org", name, new() { ["octocat"] = "push" });
        var repository = new RepositoryReference(id, fullName, "octo-org", name);
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var before = await octocat.GetFromJsonAsync<JsonObject>("/api/settings");
        try
        {
            await SelectAsync(octocat, fullName, category: null);
            await Eventually.UntilAsync(async () => (await fixture.QueryAsync(
                "SELECT count(*) FROM tracked_repositories WHERE repository_id = @id AND backfilled_at IS NOT NULL", r => r.GetInt64(0),
                ("id", id))).Single() == 1, "for the backfill", TimeSpan.FromSeconds(20));
            var first = TestEvents.WorkflowRun(repository, Interlocked.Increment(ref _nextRunId));
            await fixture.PublishAsync(first);
            var etag = await ETagOnceShownAsync(octocat, fullName, first.RunId);

            // Unchanged: 304, no body, no GitHub call.
            await fixture.ClearRequestLogAsync();
            using (var unchanged = await GetAsync(octocat, etag))
            {
                Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
                Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
                Assert.Equal(etag, unchanged.Headers.ETag?.Tag);
            }

            Assert.Equal(0, await fixture.GitHubCallsAsync());

            // A new run of the repository: the old ETag no longer matches, and the answer has the run.
            var second = TestEvents.WorkflowRun(repository, Interlocked.Increment(ref _nextRunId)) with { WorkflowId = 424243 };
            await fixture.PublishAsync(second);
            var afterRun = await ETagOnceShownAsync(octocat, fullName, second.RunId, ifNoneMatch: etag);
            Assert.NotEqual(etag, afterRun);

            // A settings change (a category) changes the answer, so the ETag too.
            await SelectAsync(octocat, fullName, category: "Platform");
            using var recategorised = await GetAsync(octocat, afterRun);
            Assert.Equal(HttpStatusCode.OK, recategorised.StatusCode);
            var body = await GitHubProxyFixture.ReadJsonAsync(recategorised);
            Assert.Equal("Platform", (string?)body["repositories"]![0]!["category"]);
            Assert.NotEqual(afterRun, recategorised.Headers.ETag?.Tag);
            Assert.True(recategorised.Headers.CacheControl is { Private: true, NoCache: true });
        }
        finally
        {
            (await octocat.PutAsJsonAsync("/api/settings", before)).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task A_settings_change_saved_on_another_replica_is_answered_at_once_not_304()
    {
        // This instance remembers the settings it read (DashboardMemo); a save on another replica must reach it at once.
        var (octocat, fullName, id, before) = await CoveredRepositoryAsync();
        await using var other = fixture.CreateProxy();
        using var octocatThere = fixture.ClientFor(other, GitHubProxyFixture.Octocat);
        try
        {
            var etag = await ETagOnceShownAsync(octocat, fullName, (await PublishRunAsync(id, fullName)).RunId);
            using (var unchanged = await GetAsync(octocat, etag))
            {
                Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
            }

            await SelectAsync(octocatThere, fullName, category: "Elsewhere");
            using var changed = await GetAsync(octocat, etag);
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.Equal("Elsewhere", (string?)(await GitHubProxyFixture.ReadJsonAsync(changed))["repositories"]![0]!["category"]);
        }
        finally
        {
            (await octocat.PutAsJsonAsync("/api/settings", before)).EnsureSuccessStatusCode();
            octocat.Dispose();
        }
    }

    [Fact]
    public async Task After_Redis_loses_its_counters_an_old_ETag_never_matches_even_when_they_climb_back_to_the_same_values()
    {
        var (octocat, fullName, id, before) = await CoveredRepositoryAsync();
        try
        {
            var first = await PublishRunAsync(id, fullName);
            var etag = await ETagOnceShownAsync(octocat, fullName, first.RunId);
            using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
            var key = Services.DashboardVersions.Key(id);
            var counter = await redis.GetDatabase().StringGetAsync(key);

            // Redis restarts empty, a new run comes, and the repository's counter climbs back to where it was. Without the
            // epoch in the ETag, the old one would match and hide the new run.
            await fixture.ResetAsync();
            var second = await PublishRunAsync(id, fullName, workflowId: 424244);
            await Eventually.UntilAsync(async () => (await fixture.QueryAsync("SELECT count(*) FROM processed_events WHERE event_id = @id",
                r => r.GetInt64(0), ("id", second.Id))).Single() == 1, "the run to be applied", TimeSpan.FromSeconds(20));
            await redis.GetDatabase().StringSetAsync(key, counter);

            using var afterLoss = await GetAsync(octocat, etag);
            Assert.Equal(HttpStatusCode.OK, afterLoss.StatusCode);
            var runs = (await GitHubProxyFixture.ReadJsonAsync(afterLoss))["repositories"]![0]!["runs"]!.AsArray();
            Assert.Contains(runs, r => (long)r!["id"]! == second.RunId);
        }
        finally
        {
            (await octocat.PutAsJsonAsync("/api/settings", before)).EnsureSuccessStatusCode();
            octocat.Dispose();
        }
    }

    [Fact]
    public async Task A_repositorys_first_webhook_raises_its_counter_even_when_it_is_a_job_and_later_jobs_do_not()
    {
        // Coverage (a webhook has come) is part of the ETag and remembered per counter: a first job event changes it.
        var repository = new RepositoryReference(Random.Shared.NextInt64(10_000_000_000, 20_000_000_000), "octo-org/jobs-only", "octo-org", "jobs-only");
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        async Task<long> CounterAsync() => (long)await redis.GetDatabase().StringGetAsync(Services.DashboardVersions.Key(repository.Id));

        var first = JobEvent(repository, Interlocked.Increment(ref _nextRunId));
        await fixture.PublishAsync(first);
        await Eventually.UntilAsync(async () => await CounterAsync() == 1, "the first job event to raise the counter", TimeSpan.FromSeconds(20));

        var second = JobEvent(repository, Interlocked.Increment(ref _nextRunId));
        await fixture.PublishAsync(second);
        await Eventually.UntilAsync(async () => (await fixture.QueryAsync("SELECT count(*) FROM processed_events WHERE event_id = @id",
            r => r.GetInt64(0), ("id", second.Id))).Single() == 1, "the second job event to be applied", TimeSpan.FromSeconds(20));
        Assert.Equal(1, await CounterAsync());
    }

    private static WorkflowJobChanged JobEvent(RepositoryReference repository, long jobId) => new()
    {
        DeliveryId = Guid.NewGuid().ToString(),
        Action = "queued",
        Repository = repository,
        JobId = jobId,
        RunId = jobId,
        RunAttempt = 1,
        Name = "build",
        Status = "queued",
        QueuedAt = DateTimeOffset.UtcNow,
        Labels = ["ubuntu-latest"],
    };

    /// <summary>A new octo-org repository octocat can push to, selected alone and backfilled; and octocat's settings before.</summary>
    private async Task<(HttpClient Octocat, string FullName, long Id, JsonObject? Before)> CoveredRepositoryAsync()
    {
        var name = $"etag-{Guid.NewGuid().ToString("N")[..8]}";
        var fullName = $"octo-org/{name}";
        var id = await fixture.CreateRepositoryAsync("octo-org", name, new() { ["octocat"] = "push" });
        var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var before = await octocat.GetFromJsonAsync<JsonObject>("/api/settings");
        await SelectAsync(octocat, fullName, category: null);
        await Eventually.UntilAsync(async () => (await fixture.QueryAsync(
            "SELECT count(*) FROM tracked_repositories WHERE repository_id = @id AND backfilled_at IS NOT NULL", r => r.GetInt64(0),
            ("id", id))).Single() == 1, "for the backfill", TimeSpan.FromSeconds(20));
        return (octocat, fullName, id, before);
    }

    private async Task<WorkflowRunChanged> PublishRunAsync(long id, string fullName, long workflowId = 161335)
    {
        var parts = fullName.Split('/');
        var run = TestEvents.WorkflowRun(new RepositoryReference(id, fullName, parts[0], parts[1]), Interlocked.Increment(ref _nextRunId))
            with { WorkflowId = workflowId };
        await fixture.PublishAsync(run);
        return run;
    }

    /// <summary>
    /// Asks (with <paramref name="ifNoneMatch"/>) until the dashboard answers 200 with the run and an ETag that has
    /// settled: the next revalidation with it is a 304. The read model raises a repository's counter just after it writes
    /// (a run, the backfill's mark), so an answer read in between shows the run under the counter from before, and its
    /// ETag rightly turns once more; an ETag that never settles fails here.
    /// </summary>
    private static async Task<string> ETagOnceShownAsync(HttpClient client, string fullName, long runId, string? ifNoneMatch = null)
    {
        string? etag = null;
        await Eventually.UntilAsync(async () =>
        {
            using var response = await GetAsync(client, ifNoneMatch);
            if (response.StatusCode != HttpStatusCode.OK || response.Headers.ETag is null)
            {
                return false;
            }

            var body = await GitHubProxyFixture.ReadJsonAsync(response);
            var repository = body["repositories"]!.AsArray().Single(r => (string)r!["fullName"]! == fullName)!;
            if (!repository["runs"]!.AsArray().Any(r => (long)r!["id"]! == runId))
            {
                return false;
            }

            etag = response.Headers.ETag.Tag;
            using var again = await GetAsync(client, etag);
            return again.StatusCode == HttpStatusCode.NotModified;
        }, $"for run {runId} on the dashboard with an ETag that a revalidation matches", TimeSpan.FromSeconds(20));
        return etag!;
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string? ifNoneMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard");
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await client.SendAsync(request);
    }

    private static async Task SelectAsync(HttpClient client, string fullName, string? category)
    {
        using var saved = await client.PutAsJsonAsync("/api/settings", new
        {
            repositories = new[] { new { fullName, category } },
            pinned = Array.Empty<string>(),
            theme = "system",
            autoRefresh = new { enabled = true, intervalSeconds = 60 },
            notifications = new { failedRunsOnPinned = false },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }
}
