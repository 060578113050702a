namespace GitHubProxy.Api.FunctionalTests;

/// <summary>
/// <c>GET /api/runners</c> from the read model: a small hand-made set of jobs (written straight into <c>dashboarddb</c>) whose
/// queues and waits are known, over a repository of its own.
/// </summary>
[Collection(GitHubProxyCollection.Name)]
public sealed class RunnerQueueTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    private static long _nextId = 890_000_000 + Random.Shared.Next(1_000_000);

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Waiting_jobs_per_label_with_the_oldest_wait_and_wait_percentiles_per_label_and_day()
    {
        var name = $"runners-{Guid.NewGuid().ToString("N")[..8]}";
        var repositoryId = await fixture.CreateRepositoryAsync("octo-org", name, new() { ["octocat"] = "push" });
        await fixture.ResetAsync();
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var before = await octocat.GetFromJsonAsync<JsonObject>("/api/settings");
        await SelectAsync(octocat, $"octo-org/{name}");

        var now = fixture.Clock.GetUtcNow();
        var noon = new DateTimeOffset(now.UtcDateTime.Date.AddHours(12), TimeSpan.Zero);
        string[] selfHosted = ["self-hosted", "linux"];
        // Self-hosted jobs waited 10 and 20 s two days ago, 30 and 40 s yesterday; one ubuntu-latest job 60 s yesterday.
        await JobAsync(repositoryId, "completed", noon.AddDays(-2), waited: 10, selfHosted);
        await JobAsync(repositoryId, "completed", noon.AddDays(-2), waited: 20, selfHosted);
        await JobAsync(repositoryId, "completed", noon.AddDays(-1), waited: 30, selfHosted);
        await JobAsync(repositoryId, "completed", noon.AddDays(-1), waited: 40, selfHosted);
        await JobAsync(repositoryId, "completed", noon.AddDays(-1), waited: 60, ["ubuntu-latest"]);
        // Not counted: a skipped job, and one older than the window.
        await JobAsync(repositoryId, "completed", noon.AddDays(-1), waited: 5000, selfHosted, conclusion: "skipped");
        await JobAsync(repositoryId, "completed", noon.AddDays(-20), waited: 5000, selfHosted);
        // Waiting now: two self-hosted jobs (the oldest for 300 s), one ubuntu-latest (50 s); one in progress is not waiting.
        await JobAsync(repositoryId, "queued", now.AddSeconds(-300), waited: null, selfHosted);
        await JobAsync(repositoryId, "waiting", now.AddSeconds(-100), waited: null, selfHosted);
        await JobAsync(repositoryId, "queued", now.AddSeconds(-50), waited: null, ["ubuntu-latest"]);
        // Created today even when the shared clock (moved on by other tests) stands just past midnight.
        var startOfToday = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var startedToday = now.AddSeconds(-900) > startOfToday ? now.AddSeconds(-900) : startOfToday;
        await JobAsync(repositoryId, "in_progress", startedToday, waited: 10, ["macos-latest"]);

        try
        {
            var queues = (await octocat.GetFromJsonAsync<JsonObject>("/api/runners?days=7"))!;

            Assert.Equal(7, (int)queues["days"]!);
            Assert.Equal([$"octo-org/{name}"], queues["repositories"]!.AsArray().Select(r => (string)r!).ToArray());
            var waiting = queues["waiting"]!.AsArray().Select(w => ((string)w!["label"]!, (int)w["jobs"]!, Math.Round((double)w["oldestWaitSeconds"]!, 1))).ToArray();
            // PostgreSQL keeps microseconds: the waits are exact to well under a tenth of a second.
            Assert.Equal([("linux", 2, 300.0), ("self-hosted", 2, 300.0), ("ubuntu-latest", 1, 50.0)], waiting);

            var labels = queues["labels"]!.AsArray();
            // By p95, longest first: ubuntu-latest 60; linux and self-hosted 10, 20, 30, 40 → p50 25, p95 38.5 (then by name).
            Assert.Equal(["ubuntu-latest", "linux", "self-hosted", "macos-latest"], labels.Select(l => (string)l!["label"]!).ToArray());
            var self = labels.Single(l => (string)l!["label"]! == "self-hosted")!;
            Assert.Equal((4, 25.0, 38.5), ((int)self["jobs"]!, (double)self["p50Seconds"]!, (double)self["p95Seconds"]!));
            var daily = self["daily"]!.AsArray().Select(d => ((string)d!["date"]!, (int)d["jobs"]!, (double)d["p50Seconds"]!, (double)d["p95Seconds"]!)).ToArray();
            Assert.Equal([(Day(noon.AddDays(-2)), 2, 15.0, 19.5), (Day(noon.AddDays(-1)), 2, 35.0, 39.5)], daily);

            // Its jobs asked for self-hosted runners, but octocat may only push to it: GitHub lists runners to admins only.
            var denied = Assert.Single(queues["selfHosted"]!.AsArray())!;
            Assert.Equal($"octo-org/{name}", (string?)denied["repository"]);
            Assert.False((bool)denied["visible"]!);
            Assert.Contains("admins only", (string?)denied["note"]);
            Assert.Empty(denied["runners"]!.AsArray());

            // A one-day window keeps what was created today: the waiting jobs, and the started macos one.
            var today = (await octocat.GetFromJsonAsync<JsonObject>("/api/runners?days=1"))!;
            Assert.Equal(["macos-latest"], today["labels"]!.AsArray().Select(l => (string)l!["label"]!).ToArray());

            foreach (var days in new[] { "0", "31", "x" })
            {
                using var bad = await octocat.GetAsync($"/api/runners?days={days}");
                Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            }
        }
        finally
        {
            (await octocat.PutAsJsonAsync("/api/settings", before)).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task An_admin_sees_the_self_hosted_runners_of_repositories_whose_jobs_used_them_busy_idle_or_offline_asked_once()
    {
        const long infra = 300029405;
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var before = await octocat.GetFromJsonAsync<JsonObject>("/api/settings");
        await SelectAsync(octocat, "octo-org/infra", "octo-org/octo-repo");

        var now = fixture.Clock.GetUtcNow();
        await JobAsync(infra, "completed", now.AddHours(-1), waited: 30, ["self-hosted", "linux", "x64"]);
        // A deployment's first job runs on one of infra's runners now.
        var run = (long)(await fixture.StartRunAsync("octo-org/infra"))["id"]!;
        (await fixture.Http.PostAsync(new Uri(fixture.SimulatorUrl, $"/_simulator/runs/{run}/advance"), null)).EnsureSuccessStatusCode();
        await fixture.ClearRequestLogAsync();

        try
        {
            var queues = (await octocat.GetFromJsonAsync<JsonObject>("/api/runners?days=7"))!;

            // octo-repo's jobs ran on GitHub's hosted runners: its runners are not asked for.
            var infraRunners = Assert.Single(queues["selfHosted"]!.AsArray())!;
            Assert.Equal("octo-org/infra", (string?)infraRunners["repository"]);
            Assert.True((bool)infraRunners["visible"]!);
            var runners = infraRunners["runners"]!.AsArray().Select(r => ((string)r!["name"]!, (string)r["state"]!)).ToArray();
            Assert.Equal([("infra-linux-1", "busy"), ("infra-linux-2", "idle"), ("infra-gpu-1", "offline")], runners);
            Assert.Contains("terraform", infraRunners["runners"]![0]!["labels"]!.AsArray().Select(l => (string?)l));
            const string route = "GET /repos/{owner}/{repo}/actions/runners";
            Assert.Equal(1, await fixture.GitHubCallsAsync(route));

            // Within its freshness the answer comes from the cache.
            await octocat.GetFromJsonAsync<JsonObject>("/api/runners?days=7");
            Assert.Equal(1, await fixture.GitHubCallsAsync(route));
        }
        finally
        {
            await fixture.Http.PostAsync(new Uri(fixture.SimulatorUrl, $"/_simulator/runs/{run}/complete"), null);
            (await octocat.PutAsJsonAsync("/api/settings", before)).EnsureSuccessStatusCode();
        }
    }

    /// <summary>Puts exactly these repositories on the user's dashboard.</summary>
    private static async Task SelectAsync(HttpClient client, params string[] fullNames)
    {
        using var saved = await client.PutAsJsonAsync("/api/settings", new
        {
            repositories = fullNames.Select(fullName => new { fullName, category = (string?)null }).ToArray(),
            pinned = Array.Empty<string>(),
            theme = "system",
            autoRefresh = new { enabled = true, intervalSeconds = 60 },
            notifications = new { failedRunsOnPinned = false },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }

    private static string Day(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A job created at <paramref name="created"/>, started <paramref name="waited"/> s later (null: not started).</summary>
    private async Task JobAsync(long repositoryId, string status, DateTimeOffset created, int? waited, string[] labels, string? conclusion = null)
    {
        var started = waited is null ? (DateTime?)null : created.AddSeconds(waited.Value).UtcDateTime;
        await fixture.QueryAsync("""
            INSERT INTO workflow_jobs (id, run_id, repository_id, run_attempt, name, status, conclusion, created_at, started_at, completed_at,
                labels, steps, recorded_at)
            VALUES (@id, @id, @repository_id, 1, 'build', @status, @conclusion, @created_at, @started_at, NULL, @labels::jsonb, '[]'::jsonb, now())
            RETURNING id
            """, r => r.GetInt64(0),
            ("id", Interlocked.Increment(ref _nextId)), ("repository_id", repositoryId), ("status", status),
            ("conclusion", status == "completed" ? conclusion ?? "success" : DBNull.Value), ("created_at", created.UtcDateTime),
            ("started_at", started is null ? DBNull.Value : started.Value),
            ("labels", System.Text.Json.JsonSerializer.Serialize(labels)));
    }
}
