using System.Diagnostics;
using System.Text.Json;
using ActionsDashboard.IntegrationEvents;
using GitHubProxy.Api.FunctionalTests.Infrastructure;
using OpenTelemetry;

namespace GitHubProxy.Bench;

/// <summary>
/// Usage: dotnet run -c Release [--requests N] [--concurrency C] [--minutes M] [--rate R] [--rounds latency,team,octokit,history] [--insights]
///   --requests     warm /api/dashboard requests timed (default 1000; with --insights, per insights endpoint, default 300)
///   --concurrency  clients at once for the latency run (default 1; figures are per request)
///   --minutes      simulated minutes of the team run (default 60)
///   --rate         dashboard requests per second in all from 20 users in the history round (default 50)
///   --revalidate-rate  the same for the revalidating (If-None-Match) requests of the history round (default: --rate)
///   --rounds       which rounds to run, in this order (default all four)
///   --gateway-dll  with the history round: also revalidate through this Gateway.dll (its own process, session check on)
///   --gateway-rates  the rates for that, comma-separated (default: --revalidate-rate), each also measured straight to the service
///   --insights     instead of the rounds: the insights endpoints over 200 selected repositories × 30 days of runs and jobs (InsightsRound)
/// </summary>
public static class BenchProgram
{
    private const int Users = 20;
    private const int Repositories = 50;
    private const int InsightsRepositories = 200;
    private const int DashboardRepositories = 20;
    private const long FirstUserId = 5001;

    public static async Task<int> Main(string[] args)
    {
        var requests = Option(args, "--requests", 1000);
        var concurrency = Option(args, "--concurrency", 1);
        var minutes = Option(args, "--minutes", 60);
        var rate = Option(args, "--rate", 50);
        var revalidateRate = Option(args, "--revalidate-rate", rate);
        var index = Array.IndexOf(args, "--rounds");
        var rounds = (index >= 0 && index + 1 < args.Length ? args[index + 1] : "latency,team,octokit,history").Split(',');
        var insights = args.Contains("--insights");

        var worldFile = Path.Combine(Path.GetTempPath(), $"githubproxy-bench-world-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(worldFile, WorldJson(insights ? InsightsRepositories : Repositories));
        var logins = Enumerable.Range(0, Users).ToDictionary(i => FirstUserId + i, i => $"bench-user-{i + 1:00}");
        var fixture = new GitHubProxyFixture
        {
            WorldFile = worldFile,
            Logins = logins,
            UseKestrel = true,
            ProxySettings = new()
            {
                ["Logging:LogLevel:Default"] = "Error",
                ["Logging:LogLevel:GitHubProxy"] = "Error",
                ["Logging:LogLevel:System.Net.Http"] = "Error",
            },
        };
        Console.WriteLine("Starting PostgreSQL, Redis, RabbitMQ, the GitHub simulator and GitHubProxy.Api ...");
        await fixture.InitializeAsync();
        try
        {
            if (insights)
            {
                using var client = fixture.ClientFor(FirstUserId);
                await SelectAsync(client, Enumerable.Range(1, InsightsRepositories));
                await WaitForBackfillAsync(fixture, InsightsRepositories);
                await InsightsRound.RunAsync(fixture, FirstUserId, InsightsRepositories, r => 700_000 + r, r => $"bench-org/repo-{r:00}",
                    Option(args, "--requests", 300));
                return 0;
            }

            if (rounds.Contains("latency"))
            {
                await LatencyAsync(fixture, requests, concurrency);
            }

            if (rounds.Contains("team"))
            {
                await TeamHourAsync(fixture, minutes);
            }

            if (rounds.Contains("octokit"))
            {
                await OctokitRound.RunAsync(fixture, [.. Enumerable.Range(0, Users).Select(i => fixture.GitHubTokens[FirstUserId + i])],
                    [.. Enumerable.Range(1, Repositories).Select(r => $"bench-org/repo-{r:00}")]);
            }

            // Last: the 60,000 runs it stores would weigh on the rounds above.
            if (rounds.Contains("history"))
            {
                using (var client = fixture.ClientFor(FirstUserId))
                {
                    await SelectAsync(client, Enumerable.Range(1, DashboardRepositories));
                }

                await WaitForBackfillAsync(fixture, DashboardRepositories);
                await HistoryRound.RunAsync(fixture, [.. Enumerable.Range(0, Users).Select(i => FirstUserId + i)], DashboardRepositories, 700_001,
                    Math.Min(requests, 500), rate, revalidateRate, OptionText(args, "--gateway-dll"),
                    OptionText(args, "--gateway-rates")?.Split(',').Select(int.Parse).ToArray());
            }
        }
        finally
        {
            await fixture.DisposeAsync();
            File.Delete(worldFile);
        }

        return 0;
    }

    /// <summary>Warm <c>/api/dashboard</c> for one user with 20 selected, webhook-covered repositories.</summary>
    private static async Task LatencyAsync(GitHubProxyFixture fixture, int requests, int concurrency)
    {
        var userId = FirstUserId;
        using var client = fixture.ClientFor(userId);
        await SelectAsync(client, Enumerable.Range(1, DashboardRepositories));
        await WaitForBackfillAsync(fixture, DashboardRepositories);
        for (var i = 0; i < 50; i++)
        {
            (await client.GetAsync("/api/dashboard")).Dispose();
        }

        await fixture.ClearRequestLogAsync();
        var timings = new List<double>(requests);
        var remaining = requests;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            // The load generator shares the service's process, and so its OpenTelemetry listeners: its own HTTP calls
            // are not the service's work, and a deployed service never records them.
            using var untraced = SuppressInstrumentationScope.Begin();
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync("/api/dashboard");
                await response.Content.ReadAsByteArrayAsync();
                watch.Stop();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"/api/dashboard answered {(int)response.StatusCode}");
                }

                lock (timings)
                {
                    timings.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }));
        total.Stop();
        timings.Sort();
        var body = await client.GetFromJsonAsync<JsonObject>("/api/dashboard");
        var runs = body!["repositories"]!.AsArray().Sum(r => r!["runs"]!.AsArray().Count);
        Console.WriteLine();
        Console.WriteLine($"Warm GET /api/dashboard, {DashboardRepositories} repositories ({runs} runs in the answer), {requests} requests, concurrency {concurrency}, HTTP on loopback straight to the service:");
        Console.WriteLine($"  p50 {Percentile(timings, 0.50):F2} ms   p90 {Percentile(timings, 0.90):F2} ms   p99 {Percentile(timings, 0.99):F2} ms   max {timings[^1]:F2} ms   {requests / total.Elapsed.TotalSeconds:F0} req/s");
        Console.WriteLine($"  GitHub calls during the timed requests: {await fixture.GitHubCallsAsync()}");

        // For scale: the same path's fixed costs (identity check, one Redis read / one database read).
        foreach (var path in new[] { "/api/repos", "/api/settings" })
        {
            var baseline = new List<double>();
            for (var i = 0; i < Math.Min(requests, 300); i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                baseline.Add(watch.Elapsed.TotalMilliseconds);
            }

            baseline.Sort();
            Console.WriteLine($"  for comparison, warm GET {path}: p50 {Percentile(baseline, 0.50):F2} ms   p99 {Percentile(baseline, 0.99):F2} ms");
        }
    }

    /// <summary>
    /// 20 users with the same 50 repositories selected, each refreshing the dashboard every 60 s (the default auto-refresh)
    /// for a simulated hour on the service's clock, while webhooks (published to the bus as Webhooks.Api does) move runs
    /// along; against a naive client that asks GitHub for every view every 30 s.
    /// </summary>
    private static async Task TeamHourAsync(GitHubProxyFixture fixture, int minutes)
    {
        var clients = Enumerable.Range(0, Users).Select(i => fixture.ClientFor(FirstUserId + i)).ToList();
        await fixture.ClearRequestLogAsync();
        foreach (var client in clients)
        {
            await SelectAsync(client, Enumerable.Range(1, Repositories));
        }

        await WaitForBackfillAsync(fixture, Repositories);
        foreach (var client in clients)
        {
            (await client.GetAsync("/api/dashboard")).Dispose();
        }

        var setupCalls = await fixture.GitHubCallsAsync();
        await fixture.ClearRequestLogAsync();

        var random = new Random(42);
        var runId = 990_000_000L;
        var active = new List<(long Id, int Repository, int Step, DateTimeOffset Created)>();
        var events = 0;
        var stopwatch = Stopwatch.StartNew();
        for (var minute = 0; minute < minutes; minute++)
        {
            // Activity: two new runs a minute across the repositories; each run requested → in_progress → completed.
            for (var n = 0; n < 2; n++)
            {
                active.Add((++runId, random.Next(1, Repositories + 1), 0, fixture.Clock.GetUtcNow()));
            }

            for (var i = active.Count - 1; i >= 0; i--)
            {
                var run = active[i];
                var status = run.Step switch { 0 => "queued", 1 => "in_progress", _ => "completed" };
                await fixture.PublishAsync(RunEvent(run.Id, run.Repository, status, run.Created, fixture.Clock.GetUtcNow()));
                events++;
                if (run.Step >= 2)
                {
                    active.RemoveAt(i);
                }
                else
                {
                    active[i] = run with { Step = run.Step + 1 };
                }
            }

            await Task.Delay(50);
            await Task.WhenAll(clients.Select(async client => (await client.GetAsync("/api/dashboard")).Dispose()));
            fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        stopwatch.Stop();
        var log = await fixture.RequestLogAsync();
        var proxyCalls = (int)log["total"]!;
        var notModified = log["by_status"]!["304"] is { } n304 ? (int)n304 : 0;
        var counted = proxyCalls - notModified;
        var dashboards = Users * minutes;
        var byRoute = string.Join(", ", log["by_route"]!.AsObject().Select(r => $"{r.Key}: {r.Value}"));

        // The naive client, measured: one polling round for every user (the repository list, then each repository's runs,
        // no ETags), straight against the simulator; an hour is 120 such rounds. Background revalidations the last dashboard
        // round started finish first, so they are not counted as the poller's.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await fixture.ClearRequestLogAsync();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = fixture.SimulatorUrl };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("naive-poller");
        foreach (var (userId, token) in fixture.GitHubTokens)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
            (await http.GetAsync("/user/repos?per_page=100")).Dispose();
            await Task.WhenAll(Enumerable.Range(1, Repositories).Select(async r =>
                (await http.GetAsync($"/repos/bench-org/repo-{r:00}/actions/runs?per_page=30")).Dispose()));
        }

        var naivePerRound = await fixture.GitHubCallsAsync();
        var naivePerHour = naivePerRound * 120;
        var scale = 60.0 / minutes;
        var proxyPerHour = proxyCalls * scale;
        Console.WriteLine();
        Console.WriteLine($"Team of {Users} users x {Repositories} repositories (all selected), dashboard every 60 s, webhooks on, {minutes} simulated minutes ({stopwatch.Elapsed.TotalSeconds:F0} s of wall time):");
        Console.WriteLine($"  setup (sign-in lists, settings, backfill of {Repositories} repositories): {setupCalls} GitHub calls, once");
        Console.WriteLine($"  {dashboards} dashboard answers, {events} webhook events: {proxyCalls} GitHub calls ({notModified} of them 304s, which cost no rate limit; {counted} counted)");
        Console.WriteLine($"  by route: {byRoute}");
        Console.WriteLine($"  GitHub calls per hour, this service: {proxyPerHour:F0} ({counted * scale:F0} counted against rate limits)");
        Console.WriteLine($"  GitHub calls per hour, naive 30 s poller: {naivePerHour} (measured {naivePerRound} calls per polling round x 120 rounds)");
        Console.WriteLine($"  ratio naive / this service: {(proxyPerHour == 0 ? double.PositiveInfinity : naivePerHour / proxyPerHour):F0}x (all calls); counted calls: {(counted == 0 ? "∞ (none counted)" : $"{naivePerHour / (counted * scale):F0}x")}");
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    internal static async Task SelectAsync(HttpClient client, IEnumerable<int> repositories)
    {
        using var response = await client.PutAsJsonAsync("/api/settings", new
        {
            repositories = repositories.Select(r => new { fullName = $"bench-org/repo-{r:00}", category = r % 2 == 0 ? "even" : "odd" }),
            pinned = new[] { "bench-org/repo-01" },
            theme = "system",
            autoRefresh = new { enabled = true, intervalSeconds = 60 },
            notifications = new { failedRunsOnPinned = false },
        });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT /api/settings: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task WaitForBackfillAsync(GitHubProxyFixture fixture, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while ((await fixture.QueryAsync("SELECT count(*) FROM tracked_repositories WHERE backfilled_at IS NOT NULL", r => r.GetInt64(0))).Single() < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The backfill did not finish.");
            }

            await Task.Delay(100);
        }
    }

    private static WorkflowRunChanged RunEvent(long runId, int repository, string status, DateTimeOffset created, DateTimeOffset now) => new()
    {
        DeliveryId = Guid.NewGuid().ToString(),
        Action = status == "queued" ? "requested" : status,
        Repository = new RepositoryReference(700_000 + repository, $"bench-org/repo-{repository:00}", "bench-org", $"repo-{repository:00}"),
        RunId = runId,
        RunAttempt = 1,
        RunNumber = runId % 100_000,
        WorkflowId = 800_000 + repository,
        Name = "CI",
        Event = "push",
        HeadBranch = "main",
        HeadSha = "0123456789abcdef0123456789abcdef01234567",
        CommitMessage = "Bench change",
        Actor = "bench-user-01",
        Status = status,
        Conclusion = status == "completed" ? "success" : null,
        CreatedAt = created,
        StartedAt = status == "queued" ? null : created,
        UpdatedAt = now,
        HtmlUrl = $"https://github.com/bench-org/repo-{repository:00}/actions/runs/{runId}",
    };

    private static string WorldJson(int repositoryCount)
    {
        var users = Enumerable.Range(0, Users).Select(i => new { login = $"bench-user-{i + 1:00}", id = FirstUserId + i, name = $"Bench User {i + 1}" });
        var permissions = Enumerable.Range(0, Users).ToDictionary(i => $"bench-user-{i + 1:00}", _ => "push");
        var repositories = Enumerable.Range(1, repositoryCount).Select(r => new
        {
            owner = "bench-org",
            name = $"repo-{r:00}",
            id = 700_000 + r,
            @private = true,
            branches = new[] { "main", "develop" },
            permissions,
            workflows = new[] { new { id = 800_000 + r, name = "CI", path = ".github/workflows/ci.yml" } },
        });
        return JsonSerializer.Serialize(new
        {
            defaultUser = "bench-user-01",
            historyRunsPerWorkflow = 3,
            users,
            organizations = new[] { new { login = "bench-org", id = 90_000, name = "Bench Org" } },
            repositories,
            installations = new[] { new { id = 4_000_001, account = "bench-org" } },
        });
    }

    internal static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static int Option(string[] args, string name, int fallback) => int.TryParse(OptionText(args, name), out var value) ? value : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
