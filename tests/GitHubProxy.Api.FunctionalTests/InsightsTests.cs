namespace GitHubProxy.Api.FunctionalTests;

/// <summary>
/// Insights are computed from the read model: small hand-made datasets (runs and jobs written straight into
/// <c>dashboarddb</c>) whose figures are known, read through the endpoints. Each test uses repositories of its own.
/// </summary>
[Collection(GitHubProxyCollection.Name)]
public sealed class InsightsTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    private const long Workflow = 1001;
    private static long _nextId = 880_000_000 + Random.Shared.Next(1_000_000);

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Workflow_insights_count_runs_percentiles_daily_series_slowest_jobs_and_the_failure_streak()
    {
        var (fullName, repositoryId) = await CreateRepositoryAsync("wf");
        var noon = Noon(fixture.Clock.GetUtcNow());
        // On main: two passes, then a failure, a cancelled run (neither breaks nor extends the streak), two more failures.
        var r1 = await RunAsync(repositoryId, Workflow, "main", "sha1", "success", noon.AddDays(-5), 100);
        var r2 = await RunAsync(repositoryId, Workflow, "main", "sha2", "success", noon.AddDays(-4), 200);
        var r3 = await RunAsync(repositoryId, Workflow, "main", "sha3", "failure", noon.AddDays(-3), 300);
        await RunAsync(repositoryId, Workflow, "main", "sha4", "cancelled", noon.AddDays(-2), 50);
        await RunAsync(repositoryId, Workflow, "main", "sha5", "failure", noon.AddDays(-2).AddHours(1), 400);
        await RunAsync(repositoryId, Workflow, "main", "sha6", "timed_out", noon.AddDays(-1), 500);
        // Another branch, a run older than the window, another workflow: not in the figures for main over 14 days.
        await RunAsync(repositoryId, Workflow, "feature", "sha7", "success", noon.AddDays(-1), 1000);
        await RunAsync(repositoryId, Workflow, "main", "sha0", "success", noon.AddDays(-20), 5000);
        await RunAsync(repositoryId, 1002, "main", "sha6", "failure", noon.AddDays(-1), 9000);
        // Queue times 10, 30 | 20, 40 | 30 (the skipped job does not count): p50 30, p95 38.
        await JobAsync(repositoryId, r1, "build", "success", queued: 10, ran: 60);
        await JobAsync(repositoryId, r1, "test", "success", queued: 30, ran: 120);
        await JobAsync(repositoryId, r2, "build", "success", queued: 20, ran: 80);
        await JobAsync(repositoryId, r2, "test", "success", queued: 40, ran: 140);
        await JobAsync(repositoryId, r3, "build", "failure", queued: 30, ran: 100);
        await JobAsync(repositoryId, r3, "test", "skipped", queued: 0, ran: 0);
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);

        var insights = await octocat.GetFromJsonAsync<JsonObject>($"/api/repos/{fullName}/workflows/{Workflow}/insights?branch=main");

        Assert.Equal(14, (int)insights!["days"]!);
        Assert.Equal("main", (string?)insights["branch"]);
        Assert.Equal("CI", (string?)insights["workflowName"]);
        var runs = insights["runs"]!;
        Assert.Equal((6, 6, 2, 3, 1), ((int)runs["total"]!, (int)runs["completed"]!, (int)runs["successes"]!, (int)runs["failures"]!, (int)runs["cancelled"]!));
        Assert.Equal(0.4, (double)runs["successRate"]!, 6);
        // Passed and failed runs only: 100, 200, 300, 400, 500.
        Assert.Equal((5, 300.0, 480.0), ((int)insights["duration"]!["count"]!, (double)insights["duration"]!["p50Seconds"]!, (double)insights["duration"]!["p95Seconds"]!));
        Assert.Equal((5, 30.0, 38.0), ((int)insights["queueTime"]!["count"]!, (double)insights["queueTime"]!["p50Seconds"]!, (double)insights["queueTime"]!["p95Seconds"]!));

        var daily = insights["daily"]!.AsArray();
        Assert.Equal(14, daily.Count);
        Assert.Equal(DateOnly.FromDateTime(noon.UtcDateTime).ToString("yyyy-MM-dd"), (string?)daily[13]!["date"]);
        var twoDaysAgo = daily[11]!;
        Assert.Equal((0, 1, 1, 400.0), ((int)twoDaysAgo["successes"]!, (int)twoDaysAgo["failures"]!, (int)twoDaysAgo["cancellations"]!, (double)twoDaysAgo["p50DurationSeconds"]!));
        Assert.Null(daily[0]!["p50DurationSeconds"]);
        // Five days ago: r1's jobs waited 10 and 30 s.
        Assert.Equal(20.0, (double)daily[8]!["p50QueueSeconds"]!);
        Assert.Null(daily[11]!["p50QueueSeconds"]);

        var jobs = insights["slowestJobs"]!.AsArray();
        Assert.Equal(new[] { "test", "build" }, jobs.Select(j => (string)j!["name"]!));
        Assert.Equal((2, 130.0, 139.0), ((int)jobs[0]!["count"]!, (double)jobs[0]!["p50Seconds"]!, (double)jobs[0]!["p95Seconds"]!));
        Assert.Equal((3, 80.0, 98.0), ((int)jobs[1]!["count"]!, (double)jobs[1]!["p50Seconds"]!, (double)jobs[1]!["p95Seconds"]!));

        var streak = insights["failingSince"]!;
        Assert.Equal(("main", r3, "sha3", 3), ((string)streak["branch"]!, (long)streak["runId"]!, (string)streak["headSha"]!, (int)streak["failedRuns"]!));
        Assert.Equal(noon.AddDays(-3), DateTimeOffset.Parse((string)streak["createdAt"]!, System.Globalization.CultureInfo.InvariantCulture));

        // Every branch: the feature branch's pass counts; the streak is still the default branch's.
        var all = await octocat.GetFromJsonAsync<JsonObject>($"/api/repos/{fullName}/workflows/{Workflow}/insights?days=30");
        Assert.Null(all!["branch"]);
        Assert.Equal((8, 4, 3), ((int)all["runs"]!["total"]!, (int)all["runs"]!["successes"]!, (int)all["runs"]!["failures"]!));
        Assert.Equal(r3, (long)all["failingSince"]!["runId"]!);
        Assert.Equal(30, all["daily"]!.AsArray().Count);

        // A pass on main ends the streak.
        await RunAsync(repositoryId, Workflow, "main", "sha8", "success", noon.AddHours(-1), 100);
        var fixedNow = await octocat.GetFromJsonAsync<JsonObject>($"/api/repos/{fullName}/workflows/{Workflow}/insights?branch=main");
        Assert.Null(fixedNow!["failingSince"]);
    }

    [Fact]
    public async Task Insights_across_repositories_show_flaky_jobs_failing_and_slow_workflows_and_label_queues_of_selected_repositories_only()
    {
        var (a, aId) = await CreateRepositoryAsync("sel-a");
        var (b, bId) = await CreateRepositoryAsync("sel-b");
        var (c, cId) = await CreateRepositoryAsync("unsel-c");
        var noon = Noon(fixture.Clock.GetUtcNow());
        // A: "unit" failed then passed on x1 (a re-run), and on x3 failed in one run and passed in another: 2 of 3 commits.
        var a1 = await RunAsync(aId, 2001, "main", "x1", "success", noon.AddDays(-3), 100, attempt: 2);
        await JobAsync(aId, a1, "unit", "failure", queued: 5, ran: 10, attempt: 1);
        await JobAsync(aId, a1, "unit", "success", queued: 5, ran: 10, attempt: 2);
        await JobAsync(aId, a1, "lint", "success", queued: 5, ran: 10);
        var a2 = await RunAsync(aId, 2001, "main", "x2", "success", noon.AddDays(-2), 200);
        await JobAsync(aId, a2, "unit", "success", queued: 5, ran: 10);
        await JobAsync(aId, a2, "lint", "success", queued: 5, ran: 10);
        var a3 = await RunAsync(aId, 2001, "main", "x3", "failure", noon.AddDays(-1), 300);
        await JobAsync(aId, a3, "unit", "failure", queued: 5, ran: 10);
        await JobAsync(aId, a3, "lint", "success", queued: 5, ran: 10);
        var a4 = await RunAsync(aId, 2001, "main", "x3", "success", noon.AddDays(-1).AddHours(1), 400);
        await JobAsync(aId, a4, "unit", "success", queued: 5, ran: 10);
        // B: two failures out of three; queues per label.
        var b1 = await RunAsync(bId, 3001, "main", "y1", "failure", noon.AddDays(-2), 1000, workflowName: "Deploy");
        await JobAsync(bId, b1, "deploy", "failure", queued: 10, ran: 10, labels: ["linux-large"]);
        var b2 = await RunAsync(bId, 3001, "main", "y2", "timed_out", noon.AddDays(-1), 2000, workflowName: "Deploy");
        await JobAsync(bId, b2, "deploy", "failure", queued: 20, ran: 10, labels: ["linux-large"]);
        var b3 = await RunAsync(bId, 3001, "main", "y3", "success", noon.AddDays(-1).AddHours(1), 3000, workflowName: "Deploy");
        await JobAsync(bId, b3, "deploy", "success", queued: 100, ran: 10, labels: ["self-hosted", "linux"]);
        // C is reachable but not selected: its flaky job, failures and label must not show.
        var c1 = await RunAsync(cId, 4001, "main", "z1", "failure", noon.AddDays(-1), 9000);
        await JobAsync(cId, c1, "flaky-in-c", "failure", queued: 999, ran: 10, attempt: 1, labels: ["c-only"]);
        await JobAsync(cId, c1, "flaky-in-c", "success", queued: 999, ran: 10, attempt: 2, labels: ["c-only"]);
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);
        await SelectAsync(octocat, a, b);

        var insights = await octocat.GetFromJsonAsync<JsonObject>("/api/insights?days=7");

        Assert.Equal(7, (int)insights!["days"]!);
        Assert.Equal(new[] { a, b }, insights["repositories"]!.AsArray().Select(r => (string)r!));
        var flaky = Assert.Single(insights["flakyJobs"]!.AsArray())!;
        Assert.Equal((a, 2001L, "CI", "unit", 2, 3), ((string)flaky["repository"]!, (long)flaky["workflowId"]!, (string)flaky["workflowName"]!,
            (string)flaky["jobName"]!, (int)flaky["flakyCommits"]!, (int)flaky["commits"]!));
        Assert.Equal(2.0 / 3, (double)flaky["flakeRate"]!, 6);
        Assert.NotNull(flaky["lastFlakeAt"]);

        var failing = insights["failingWorkflows"]!.AsArray();
        Assert.Equal(new[] { (b, "Deploy", 3, 2), (a, "CI", 4, 1) },
            failing.Select(w => ((string)w!["repository"]!, (string)w["workflowName"]!, (int)w["runs"]!, (int)w["failures"]!)));
        Assert.Equal(2.0 / 3, (double)failing[0]!["failureRate"]!, 6);

        var slowest = insights["slowestWorkflows"]!.AsArray();
        Assert.Equal(new[] { (b, 2000.0), (a, 250.0) }, slowest.Select(w => ((string)w!["repository"]!, (double)w["p50Seconds"]!)));

        var labels = insights["queueTimeByLabel"]!.AsArray().ToDictionary(l => (string)l!["label"]!, l => ((int)l!["jobs"]!, (double)l["p50Seconds"]!));
        Assert.Equal((1, 100.0), labels["self-hosted"]);
        Assert.Equal((1, 100.0), labels["linux"]);
        Assert.Equal((2, 15.0), labels["linux-large"]);
        Assert.Equal((8, 5.0), labels["ubuntu-latest"]);
        Assert.DoesNotContain("c-only", labels.Keys);
        Assert.DoesNotContain(c, insights.ToJsonString());

        // A recent answer is served again only for the same repositories: another selection is computed at once.
        await SelectAsync(octocat, b);
        var onlyB = await octocat.GetFromJsonAsync<JsonObject>("/api/insights?days=7");
        Assert.Equal(new[] { b }, onlyB!["repositories"]!.AsArray().Select(r => (string)r!));
        Assert.Empty(onlyB["flakyJobs"]!.AsArray());
    }

    [Fact]
    public async Task Insights_with_nothing_selected_are_empty()
    {
        using var newcomer = fixture.ClientFor(GitHubProxyFixture.Hubot);
        using var saved = await newcomer.PutAsJsonAsync("/api/settings", Settings());
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var insights = await newcomer.GetFromJsonAsync<JsonObject>("/api/insights");

        Assert.Equal(14, (int)insights!["days"]!);
        Assert.Empty(insights["repositories"]!.AsArray());
        Assert.Empty(insights["flakyJobs"]!.AsArray());
    }

    [Fact]
    public async Task The_commit_grid_shows_the_branch_latest_commits_with_each_workflow_latest_run()
    {
        var (fullName, repositoryId) = await CreateRepositoryAsync("grid");
        var noon = Noon(fixture.Clock.GetUtcNow());
        // c1 (oldest): CI and Lint. c2: CI failed, then a new run of CI on the same commit passed; Lint only ran on c1.
        var c1Ci = await RunAsync(repositoryId, Workflow, "main", "c1", "success", noon.AddHours(-5), 100);
        var c1Lint = await RunAsync(repositoryId, 1002, "main", "c1", "failure", noon.AddHours(-5).AddMinutes(1), 100, workflowName: "Lint");
        await RunAsync(repositoryId, Workflow, "main", "c2", "failure", noon.AddHours(-3), 100);
        var c2Again = await RunAsync(repositoryId, Workflow, "main", "c2", "success", noon.AddHours(-2), 100, attempt: 2);
        // Another branch's commit is not on main's grid.
        await RunAsync(repositoryId, Workflow, "feature", "f1", "success", noon.AddHours(-1), 100);
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);

        var grid = await octocat.GetFromJsonAsync<JsonObject>($"/api/repos/{fullName}/commits");

        Assert.Equal(("main", 20), ((string)grid!["branch"]!, (int)grid["limit"]!));
        Assert.Equal(new[] { (Workflow, "CI"), (1002L, "Lint") }, grid["workflows"]!.AsArray().Select(w => ((long)w!["id"]!, (string)w["name"]!)));
        var commits = grid["commits"]!.AsArray();
        Assert.Equal(new[] { "c2", "c1" }, commits.Select(c => (string)c!["headSha"]!));
        var c2Run = Assert.Single(commits[0]!["runs"]!.AsArray())!;
        Assert.Equal((Workflow, c2Again, 2, "completed", "success"),
            ((long)c2Run["workflowId"]!, (long)c2Run["runId"]!, (int)c2Run["runAttempt"]!, (string)c2Run["status"]!, (string)c2Run["conclusion"]!));
        Assert.Equal(noon.AddHours(-3), DateTimeOffset.Parse((string)commits[0]!["pushedAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new[] { c1Ci, c1Lint }, commits[1]!["runs"]!.AsArray().Select(r => (long)r!["runId"]!));

        var newest = await octocat.GetFromJsonAsync<JsonObject>($"/api/repos/{fullName}/commits?branch=feature&limit=1");
        Assert.Equal("f1", (string?)Assert.Single(newest!["commits"]!.AsArray())!["headSha"]);
    }

    [Fact]
    public async Task Failing_since_answers_the_streak_of_each_failed_run_asked_about_in_reachable_repositories_only()
    {
        var (_, repositoryId) = await CreateRepositoryAsync("red");
        var noon = Noon(fixture.Clock.GetUtcNow());
        await RunAsync(repositoryId, Workflow, "main", "s1", "success", noon.AddHours(-6), 100);
        var first = await RunAsync(repositoryId, Workflow, "main", "s2", "failure", noon.AddHours(-5), 100);
        await RunAsync(repositoryId, Workflow, "main", "s3", "cancelled", noon.AddHours(-4), 100);
        var latest = await RunAsync(repositoryId, Workflow, "main", "s4", "failure", noon.AddHours(-3), 100);
        var passing = await RunAsync(repositoryId, Workflow, "feature", "f1", "success", noon.AddHours(-2), 100);
        var lonely = await RunAsync(repositoryId, 1002, "main", "s4", "failure", noon.AddHours(-3), 100, workflowName: "Lint");
        var hidden = await fixture.CreateRepositoryAsync("octo-org", $"hidden-{Guid.NewGuid().ToString("N")[..8]}", new() { ["monalisa"] = "push" });
        var elsewhere = await RunAsync(hidden, Workflow, "main", "h1", "failure", noon.AddHours(-1), 100);
        await fixture.ResetAsync();
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);

        var answer = await octocat.GetFromJsonAsync<JsonObject>(
            $"/api/insights/failing-since?runIds={latest}&runIds={passing}&runIds={lonely}&runIds={elsewhere}");

        var runs = answer!["runs"]!.AsArray().ToDictionary(r => (long)r!["runId"]!, r => r!["since"]!);
        Assert.Equal(new[] { latest, lonely }.Order(), runs.Keys.Order());
        Assert.Equal(("main", first, "s2", 2), ((string)runs[latest]["branch"]!, (long)runs[latest]["runId"]!, (string)runs[latest]["headSha"]!, (int)runs[latest]["failedRuns"]!));
        Assert.Equal((lonely, 1), ((long)runs[lonely]["runId"]!, (int)runs[lonely]["failedRuns"]!));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("branch=ma%00in", "branch")]
    public async Task A_commit_grid_limit_outside_1_to_100_or_a_branch_with_control_characters_is_a_validation_problem(string query, string field)
    {
        var (fullName, _) = await CreateRepositoryAsync("limit");
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);

        using var response = await octocat.GetAsync($"/api/repos/{fullName}/commits?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await GitHubProxyFixture.ReadJsonAsync(response))["errors"]![field]);
    }

    [Fact]
    public async Task Workflow_insights_for_a_branch_with_control_characters_are_a_validation_problem()
    {
        var (fullName, _) = await CreateRepositoryAsync("nul");
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);

        using var response = await octocat.GetAsync($"/api/repos/{fullName}/workflows/{Workflow}/insights?branch=a%00b");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await GitHubProxyFixture.ReadJsonAsync(response))["errors"]!["branch"]);
    }

    [Theory]
    [InlineData("days=0")]
    [InlineData("days=31")]
    [InlineData("days=-3")]
    public async Task Days_outside_1_to_30_are_a_validation_problem(string query)
    {
        var (fullName, _) = await CreateRepositoryAsync("days");
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);

        foreach (var path in new[] { $"/api/repos/{fullName}/workflows/{Workflow}/insights?{query}", $"/api/insights?{query}" })
        {
            using var response = await octocat.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull((await GitHubProxyFixture.ReadJsonAsync(response))["errors"]!["days"]);
        }
    }

    [Fact]
    public async Task Insights_and_commits_of_a_repository_the_user_cannot_reach_are_not_found()
    {
        var name = $"private-{Guid.NewGuid().ToString("N")[..8]}";
        var id = await fixture.CreateRepositoryAsync("octo-org", name, new() { ["monalisa"] = "push" });
        await RunAsync(id, Workflow, "main", "sha1", "failure", fixture.Clock.GetUtcNow().AddHours(-1), 100);
        await fixture.ResetAsync();
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);

        foreach (var path in new[] { $"/api/repos/octo-org/{name}/workflows/{Workflow}/insights", $"/api/repos/octo-org/{name}/commits" })
        {
            using var response = await octocat.GetAsync(path);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("Repository not found", (string?)(await GitHubProxyFixture.ReadJsonAsync(response))["title"]);
        }
    }

    private async Task<(string FullName, long Id)> CreateRepositoryAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        var id = await fixture.CreateRepositoryAsync("octo-org", name, new() { ["octocat"] = "push" });
        await fixture.ResetAsync();
        return ($"octo-org/{name}", id);
    }

    private static DateTimeOffset Noon(DateTimeOffset now) => new(now.UtcDateTime.Date.AddHours(12), TimeSpan.Zero);

    /// <summary>A completed run: created at <paramref name="createdAt"/>, started 10 s later, last updated <paramref name="seconds"/> after its start.</summary>
    private async Task<long> RunAsync(long repositoryId, long workflowId, string branch, string sha, string conclusion, DateTimeOffset createdAt,
        int seconds, int attempt = 1, string workflowName = "CI")
    {
        var id = Interlocked.Increment(ref _nextId);
        var started = createdAt.AddSeconds(10);
        await fixture.QueryAsync("""
            INSERT INTO workflow_runs (id, repository_id, repository, run_number, run_attempt, workflow_id, workflow_name, event, branch,
                head_sha, status, conclusion, created_at, started_at, updated_at, html_url, pull_requests, recorded_at)
            VALUES (@id, @repository_id, 'octo-org/x', @id % 1000, @attempt, @workflow_id, @workflow_name, 'push', @branch,
                @sha, 'completed', @conclusion, @created_at, @started_at, @updated_at, '', '{}', now())
            RETURNING id
            """, r => r.GetInt64(0),
            ("id", id), ("repository_id", repositoryId), ("attempt", attempt), ("workflow_id", workflowId), ("workflow_name", workflowName),
            ("branch", branch), ("sha", sha), ("conclusion", conclusion), ("created_at", createdAt.UtcDateTime), ("started_at", started.UtcDateTime),
            ("updated_at", started.AddSeconds(seconds).UtcDateTime));
        return id;
    }

    /// <summary>A completed job of <paramref name="runId"/>: created with its run, waiting <paramref name="queued"/> s, running <paramref name="ran"/> s.</summary>
    private async Task JobAsync(long repositoryId, long runId, string name, string conclusion, int queued, int ran, int attempt = 1, string[]? labels = null)
    {
        var created = (await fixture.QueryAsync("SELECT created_at FROM workflow_runs WHERE id = @id", r => r.GetFieldValue<DateTimeOffset>(0), ("id", runId))).Single();
        var started = created.AddSeconds(queued);
        await fixture.QueryAsync("""
            INSERT INTO workflow_jobs (id, run_id, repository_id, run_attempt, name, status, conclusion, created_at, started_at, completed_at,
                labels, steps, recorded_at)
            VALUES (@id, @run_id, @repository_id, @attempt, @name, 'completed', @conclusion, @created_at, @started_at, @completed_at,
                @labels::jsonb, '[]'::jsonb, now())
            RETURNING id
            """, r => r.GetInt64(0),
            ("id", Interlocked.Increment(ref _nextId)), ("run_id", runId), ("repository_id", repositoryId), ("attempt", attempt), ("name", name),
            ("conclusion", conclusion), ("created_at", created.UtcDateTime), ("started_at", started.UtcDateTime),
            ("completed_at", started.AddSeconds(ran).UtcDateTime), ("labels", System.Text.Json.JsonSerializer.Serialize(labels ?? ["ubuntu-latest"])));
    }

    private static async Task SelectAsync(HttpClient client, params string[] fullNames)
    {
        using var saved = await client.PutAsJsonAsync("/api/settings", Settings(fullNames));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }

    private static object Settings(params string[] fullNames) => new
    {
        repositories = fullNames.Select(fullName => new { fullName, category = (string?)null }).ToArray(),
        pinned = Array.Empty<string>(),
        theme = "system",
        autoRefresh = new { enabled = true, intervalSeconds = 60 },
        notifications = new { failedRunsOnPinned = false },
    };
}
