using System.Diagnostics;
using System.Text.RegularExpressions;
using GitHubProxy.Api.FunctionalTests.Infrastructure;
using GitHubProxy.Api.Services;
using Npgsql;
using NpgsqlTypes;
using OpenTelemetry;

namespace GitHubProxy.Bench;

/// <summary>
/// The insights over a full read model: 200 selected repositories × 30 days (5 workflows, 100 commits each: 100,000 runs
/// and about 420,000 jobs, 5% of runs re-run after a failed test job) written with COPY, then warm
/// <c>/api/insights</c> (served from its cache, and computed afresh), one workflow's insights and the commit grid, timed; and
/// the plans PostgreSQL chooses for each statement.
/// </summary>
internal static partial class InsightsRound
{
    private const int Workflows = 5;
    private const int CommitsPerRepository = 100;
    private static readonly string[] JobNames = ["build", "test", "lint", "e2e"];
    private static readonly string[][] LabelSets = [["ubuntu-latest"], ["ubuntu-latest", "large"], ["self-hosted", "linux", "x64"], ["windows-latest"]];

    public static async Task RunAsync(GitHubProxyFixture fixture, long userId, int repositories, Func<int, long> repositoryId, Func<int, string> fullName,
        int requests)
    {
        var seed = Stopwatch.StartNew();
        var (runs, jobs) = await SeedAsync(fixture.DashboardDb, repositories, repositoryId, fullName, fixture.Clock.GetUtcNow());
        seed.Stop();
        Console.WriteLine();
        Console.WriteLine($"Insights: seeded {runs:N0} runs and {jobs:N0} jobs ({repositories} repositories × 30 days) with COPY in {seed.Elapsed.TotalSeconds:F1} s");

        using var client = fixture.ClientFor(userId);
        var workflowId = WorkflowId(1, 0);
        var workflowPath = $"/api/repos/{fullName(1)}/workflows/{workflowId}/insights";
        // The cross-repository figures computed afresh, as the first request after InsightsFreshness computes them.
        var store = fixture.Proxy.Services.GetRequiredService<InsightsStore>();
        var views = Enumerable.Range(1, repositories).Select(r => new Api.Model.RepositoryView { Id = repositoryId(r), FullName = fullName(r) }).ToArray();
        foreach (var days in new[] { 14, 30 })
        {
            var computed = new List<double>();
            for (var i = 0; i < 11; i++)
            {
                var watch = Stopwatch.StartNew();
                await store.GetInsightsAsync(views, days, fixture.Clock.GetUtcNow(), CancellationToken.None);
                if (i > 0)
                {
                    computed.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            computed.Sort();
            Console.WriteLine($"  /api/insights?days={days} computed without the cache (InsightsStore, 10 times): p50 {BenchProgram.Percentile(computed, 0.50):F0} ms   max {computed[^1]:F0} ms");
        }

        foreach (var path in new[]
        {
            "/api/insights?days=14", "/api/insights?days=30", $"{workflowPath}?days=14", $"{workflowPath}?days=30&branch=main",
            $"/api/repos/{fullName(1)}/commits", $"/api/repos/{fullName(1)}/commits?limit=100",
            // A dashboard with 50 rows, as red as the seed made them.
            "/api/insights/failing-since?" + string.Join("&", Enumerable.Range(1, 50).Select(i => $"runIds={960_000_000L + i * 97}")),
        })
        {
            for (var i = 0; i < 20; i++)
            {
                (await client.GetAsync(path)).Dispose();
            }

            using var untraced = SuppressInstrumentationScope.Begin();
            var timings = new List<double>(requests);
            for (var i = 0; i < requests; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                watch.Stop();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }

                timings.Add(watch.Elapsed.TotalMilliseconds);
            }

            timings.Sort();
            Console.WriteLine($"  warm GET {(path.Length > 90 ? path[..90] + "…" : path)}: p50 {BenchProgram.Percentile(timings, 0.50):F1} ms   p99 {BenchProgram.Percentile(timings, 0.99):F1} ms   ({requests} sequential requests)");
        }

        var sample = await client.GetFromJsonAsync<JsonObject>("/api/insights?days=14");
        Console.WriteLine($"  /api/insights?days=14 answered {sample!["repositories"]!.AsArray().Count} repositories, {sample["flakyJobs"]!.AsArray().Count} flaky jobs, "
            + $"{sample["queueTimeByLabel"]!.AsArray().Count} labels");
        await ExplainAsync(fixture.DashboardDb, [.. Enumerable.Range(1, repositories).Select(repositoryId)], repositoryId(1), workflowId, fixture.Clock.GetUtcNow());
    }

    private static long WorkflowId(int repository, int workflow) => 950_000_000L + repository * 10L + workflow;

    private static async Task<(int Runs, int Jobs)> SeedAsync(string connectionString, int repositories, Func<int, long> repositoryId,
        Func<int, string> fullName, DateTimeOffset now)
    {
        var random = new Random(7);
        var runId = 960_000_000L;
        var jobId = 970_000_000L;
        var runs = 0;
        var jobs = 0;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var jobRows = new List<object?[]>();
        await using (var runWriter = await connection.BeginBinaryImportAsync("""
            COPY workflow_runs (id, repository_id, repository, run_number, run_attempt, workflow_id, workflow_name, event, branch, head_sha,
                commit_message, actor_login, status, conclusion, created_at, started_at, updated_at, html_url, pull_requests, recorded_at)
            FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var r = 1; r <= repositories; r++)
            {
                for (var c = 0; c < CommitsPerRepository; c++)
                {
                    var sha = Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + "01234567";
                    var branch = random.NextDouble() < 0.6 ? "main" : $"feature-{random.Next(20)}";
                    var pushed = now - TimeSpan.FromSeconds(random.Next(30 * 86400 - 3600));
                    for (var w = 0; w < Workflows; w++)
                    {
                        var id = ++runId;
                        var rerun = random.NextDouble() < 0.05;
                        var cancelled = !rerun && random.NextDouble() < 0.03;
                        var labels = LabelSets[random.Next(LabelSets.Length)];
                        var created = pushed.AddSeconds(random.Next(5));
                        var failed = false;
                        var end = created;
                        for (var attempt = 1; attempt <= (rerun ? 2 : 1); attempt++)
                        {
                            var attemptStart = attempt == 1 ? created : end.AddSeconds(30);
                            foreach (var name in JobNames)
                            {
                                var queued = attemptStart.AddSeconds(random.Next(1, 5));
                                var started = queued.AddSeconds(random.Next(2, 180));
                                var completed = started.AddSeconds(random.Next(30, 900));
                                var conclusion = cancelled ? "cancelled"
                                    : rerun ? (attempt == 1 && name == "test" ? "failure" : "success")
                                    : random.NextDouble() < (name == "test" ? 0.12 : 0.02) ? "failure" : "success";
                                failed |= attempt == (rerun ? 2 : 1) && conclusion == "failure";
                                if (completed > end)
                                {
                                    end = completed;
                                }

                                jobRows.Add([++jobId, id, repositoryId(r), attempt, name, conclusion, queued, started, completed, $"[\"{string.Join("\",\"", labels)}\"]"]);
                            }
                        }

                        await runWriter.StartRowAsync();
                        await runWriter.WriteAsync(id, NpgsqlDbType.Bigint);
                        await runWriter.WriteAsync(repositoryId(r), NpgsqlDbType.Bigint);
                        await runWriter.WriteAsync(fullName(r), NpgsqlDbType.Text);
                        await runWriter.WriteAsync((long)(c + 1), NpgsqlDbType.Bigint);
                        await runWriter.WriteAsync(rerun ? 2 : 1, NpgsqlDbType.Integer);
                        await runWriter.WriteAsync(WorkflowId(r, w), NpgsqlDbType.Bigint);
                        await runWriter.WriteAsync($"Workflow {w}", NpgsqlDbType.Text);
                        await runWriter.WriteAsync("push", NpgsqlDbType.Text);
                        await runWriter.WriteAsync(branch, NpgsqlDbType.Text);
                        await runWriter.WriteAsync(sha, NpgsqlDbType.Text);
                        await runWriter.WriteAsync($"Commit {c}", NpgsqlDbType.Text);
                        await runWriter.WriteAsync("bench-user-01", NpgsqlDbType.Text);
                        await runWriter.WriteAsync("completed", NpgsqlDbType.Text);
                        await runWriter.WriteAsync(cancelled ? "cancelled" : failed ? "failure" : "success", NpgsqlDbType.Text);
                        await runWriter.WriteAsync(created.UtcDateTime, NpgsqlDbType.TimestampTz);
                        await runWriter.WriteAsync(created.AddSeconds(2).UtcDateTime, NpgsqlDbType.TimestampTz);
                        await runWriter.WriteAsync(end.UtcDateTime, NpgsqlDbType.TimestampTz);
                        await runWriter.WriteAsync($"https://github.com/{fullName(r)}/actions/runs/{id}", NpgsqlDbType.Text);
                        await runWriter.WriteAsync(Array.Empty<long>(), NpgsqlDbType.Array | NpgsqlDbType.Bigint);
                        await runWriter.WriteAsync(now.UtcDateTime, NpgsqlDbType.TimestampTz);
                        runs++;
                    }
                }
            }

            await runWriter.CompleteAsync();
        }

        await using (var jobWriter = await connection.BeginBinaryImportAsync("""
            COPY workflow_jobs (id, run_id, repository_id, run_attempt, name, status, conclusion, created_at, started_at, completed_at,
                labels, steps, recorded_at)
            FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var row in jobRows)
            {
                await jobWriter.StartRowAsync();
                await jobWriter.WriteAsync((long)row[0]!, NpgsqlDbType.Bigint);
                await jobWriter.WriteAsync((long)row[1]!, NpgsqlDbType.Bigint);
                await jobWriter.WriteAsync((long)row[2]!, NpgsqlDbType.Bigint);
                await jobWriter.WriteAsync((int)row[3]!, NpgsqlDbType.Integer);
                await jobWriter.WriteAsync((string)row[4]!, NpgsqlDbType.Text);
                await jobWriter.WriteAsync("completed", NpgsqlDbType.Text);
                await jobWriter.WriteAsync((string)row[5]!, NpgsqlDbType.Text);
                await jobWriter.WriteAsync(((DateTimeOffset)row[6]!).UtcDateTime, NpgsqlDbType.TimestampTz);
                await jobWriter.WriteAsync(((DateTimeOffset)row[7]!).UtcDateTime, NpgsqlDbType.TimestampTz);
                await jobWriter.WriteAsync(((DateTimeOffset)row[8]!).UtcDateTime, NpgsqlDbType.TimestampTz);
                await jobWriter.WriteAsync((string)row[9]!, NpgsqlDbType.Jsonb);
                await jobWriter.WriteAsync("[]", NpgsqlDbType.Jsonb);
                await jobWriter.WriteAsync(now.UtcDateTime, NpgsqlDbType.TimestampTz);
                jobs++;
            }

            await jobWriter.CompleteAsync();
        }

        await using var analyze = new NpgsqlCommand("ANALYZE workflow_runs; ANALYZE workflow_jobs;", connection);
        await analyze.ExecuteNonQueryAsync();
        return (runs, jobs);
    }

    /// <summary>EXPLAIN ANALYZE of every insights statement, with the bench's parameters: the scans and the time.</summary>
    private static async Task ExplainAsync(string connectionString, long[] repositories, long repository, long workflow, DateTimeOffset now)
    {
        var (firstDay, today, since) = InsightsStore.Window(now, 14);
        var values = new Dictionary<string, object>
        {
            ["repository"] = repository, ["workflow"] = workflow, ["since"] = since.UtcDateTime, ["branch"] = "main", ["streak_branch"] = "main",
            ["first_day"] = firstDay, ["today"] = today, ["repositories"] = repositories, ["limit"] = 20,
            // The dashboard's red rows: the first 100 runs seeded (the failed ones among them are answered).
            ["runs"] = Enumerable.Range(1, 100).Select(i => 960_000_000L + i).ToArray(),
        };
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        Console.WriteLine("  EXPLAIN ANALYZE (14 days; one workflow on main; 200 repositories):");
        foreach (var (name, sql) in InsightsStore.Statements)
        {
            await using var command = new NpgsqlCommand($"EXPLAIN (ANALYZE, COSTS OFF, BUFFERS OFF) {sql}", connection);
            foreach (var (parameter, value) in values)
            {
                if (Regex.IsMatch(sql, $@"@{parameter}\b"))
                {
                    command.Parameters.Add(parameter == "branch"
                        ? new NpgsqlParameter(parameter, NpgsqlDbType.Text) { Value = value }
                        : new NpgsqlParameter(parameter, value));
                }
            }

            var plan = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(0));
                }
            }

            Console.WriteLine($"  -- {name}");
            foreach (var line in plan.Where(l => ScanLine().IsMatch(l) || l.StartsWith("Execution Time", StringComparison.Ordinal)))
            {
                Console.WriteLine($"     {line.Trim()}");
            }
        }
    }

    [GeneratedRegex(@"Scan|Execution Time")]
    private static partial Regex ScanLine();
}
