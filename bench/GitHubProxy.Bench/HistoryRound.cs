using System.Diagnostics;
using ActionsDashboard.Bench.Shared;
using ActionsDashboard.Contracts;
using ActionsDashboard.IntegrationEvents;
using GitHubProxy.Api.FunctionalTests.Infrastructure;
using GitHubProxy.Api.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;

namespace GitHubProxy.Bench;

/// <summary>
/// Warm <c>/api/dashboard</c> with 30 days of a busy organisation's history in the read model (issue #17, goal 2): the 20
/// selected repositories get 3,000 completed runs each (10 workflows × 20 branches), written through the read model's own
/// write path. Then the dashboard is timed, closed loop and at a steady rate from 20 users, and the latest-runs read is
/// timed side by side with the query it replaced (one <c>DISTINCT ON</c> over every stored run of the repositories).
/// </summary>
internal static class HistoryRound
{
    public const int RunsPerRepository = 3_000;
    public const int Workflows = 10;
    public const int Branches = 20;

    /// <summary>The latest-runs query before issue #17: its cost grew with every run kept.</summary>
    private const string DistinctOnSql = """
        SELECT DISTINCT ON (repository_id, workflow_id, COALESCE(branch, '')) *
        FROM workflow_runs WHERE repository_id = ANY(@ids)
        ORDER BY repository_id, workflow_id, COALESCE(branch, ''), created_at DESC, id DESC
        """;

    public static async Task RunAsync(GitHubProxyFixture fixture, IReadOnlyList<long> userIds, int repositories, long firstRepositoryId,
        int requests, int rate, int revalidateRate, string? gatewayDll = null, IReadOnlyList<int>? gatewayRates = null)
    {
        var store = fixture.Proxy.Services.GetRequiredService<ReadModelStore>();
        var seeding = Stopwatch.StartNew();
        var now = fixture.Clock.GetUtcNow();
        var runId = 1_500_000_000L;
        for (var r = 1; r <= repositories; r++)
        {
            var repositoryId = firstRepositoryId + r - 1;
            var runs = new List<ActionsDashboard.Contracts.Run>(RunsPerRepository);
            for (var i = 0; i < RunsPerRepository; i++)
            {
                // Spread over 30 days, newest last; every (workflow, branch) pair gets runs.
                var created = now - TimeSpan.FromDays(30) + TimeSpan.FromSeconds(30 * 86_400.0 * (i + 1) / (RunsPerRepository + 1));
                runs.Add(RunChanged(++runId, repositoryId, $"bench-org/repo-{r:00}", i % Workflows, i / Workflows % Branches, created).ToRun());
            }

            await store.ApplyRunsAsync(repositoryId, runs, CancellationToken.None);
        }

        seeding.Stop();
        var stored = (await fixture.QueryAsync("SELECT count(*) FROM workflow_runs", row => row.GetInt64(0))).Single();
        Console.WriteLine();
        Console.WriteLine($"History: {repositories} repositories × {RunsPerRepository:N0} runs ({Workflows} workflows × {Branches} branches, 30 days) written through the read model in {seeding.Elapsed.TotalSeconds:F1} s; {stored:N0} runs stored");

        var clients = userIds.Select(fixture.ClientFor).ToList();
        foreach (var client in clients)
        {
            await BenchProgram.SelectAsync(client, Enumerable.Range(1, repositories));
        }

        for (var i = 0; i < 50; i++)
        {
            (await clients[i % clients.Count].GetAsync("/api/dashboard")).Dispose();
        }

        await fixture.ClearRequestLogAsync();
        var (closed, bytes, runsInAnswer) = await ClosedLoopAsync(clients[0], requests);
        Console.WriteLine($"Warm GET /api/dashboard with that history ({runsInAnswer} runs in the answer, {bytes / 1024.0:F0} KiB), straight to the service:");
        Console.WriteLine($"  one user, sequential, {requests} requests: p50 {BenchProgram.Percentile(closed, 0.50):F2} ms   p99 {BenchProgram.Percentile(closed, 0.99):F2} ms   max {closed[^1]:F2} ms");
        var (paced, failed) = await PacedAsync(clients, rate, TimeSpan.FromSeconds(10));
        Console.WriteLine($"  {clients.Count} users, {rate} requests/s in all for 10 s ({paced.Count} requests, {failed} not 200): p50 {BenchProgram.Percentile(paced, 0.50):F2} ms   p99 {BenchProgram.Percentile(paced, 0.99):F2} ms   max {paced[^1]:F2} ms");
        // The same, as a browser asks once it has an answer: with its ETag (If-None-Match), side by side.
        (await GetDashboardAsync(clients[0], revalidate: true)).Dispose();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var (revalidated, _, _) = await ClosedLoopAsync(clients[0], requests, revalidate: true);
        // Service and client share this process; the client's share of a 304 is small and the same before and after a change.
        var allocatedPerRequest = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)requests / 1024;
        Console.WriteLine($"  revalidating (If-None-Match, 304 when unchanged), one user, sequential: p50 {BenchProgram.Percentile(revalidated, 0.50):F2} ms   p99 {BenchProgram.Percentile(revalidated, 0.99):F2} ms"
            + $"   (×{BenchProgram.Percentile(revalidated, 0.5) / BenchProgram.Percentile(closed, 0.5):F2} p50 of the full answer); {allocatedPerRequest:F1} KiB allocated a request (service and client)");
        Figures.Record("2", "memory allocated per revalidation (304), service and client", allocatedPerRequest, "KiB");
        // Warm: each user has had one answer and its ETag (as a browser has after the first load).
        foreach (var client in clients)
        {
            (await GetDashboardAsync(client, revalidate: true)).Dispose();
        }

        var (pacedRevalidated, failedRevalidated) = await PacedAsync(clients, revalidateRate, TimeSpan.FromSeconds(10), revalidate: true);
        Console.WriteLine($"  revalidating, {clients.Count} users, {revalidateRate} requests/s: p50 {BenchProgram.Percentile(pacedRevalidated, 0.50):F2} ms   p99 {BenchProgram.Percentile(pacedRevalidated, 0.99):F2} ms"
            + $"   max {pacedRevalidated[^1]:F2} ms ({failedRevalidated} neither 200 nor 304)");
        if (gatewayDll is not null)
        {
            await ThroughTheGatewayAsync(fixture, userIds, clients, gatewayDll, gatewayRates ?? [revalidateRate], repositories);
        }

        var calls = await fixture.GitHubCallsAsync();
        Console.WriteLine($"  GitHub calls during the timed requests: {calls}");
        Figures.Record("2", $"warm /api/dashboard p99 revalidating (304), {clients.Count} users at {revalidateRate}/s, {repositories} repos × {RunsPerRepository:N0} runs (service direct)",
            BenchProgram.Percentile(pacedRevalidated, 0.99), "ms", 10,
            comparison: $"full answers side by side: p99 {BenchProgram.Percentile(paced, 0.99):F2} ms; {failedRevalidated} errors");
        Figures.Record("2", $"warm /api/dashboard p99, {clients.Count} users at {rate}/s, {repositories} repos × {RunsPerRepository:N0} runs (service direct)",
            BenchProgram.Percentile(paced, 0.99), "ms", 10, comparison: $"p50 {BenchProgram.Percentile(paced, 0.5):F2} ms, {failed} errors, {calls} GitHub calls, {runsInAnswer} runs / {bytes / 1024} KiB an answer");

        // The read itself, side by side: the store's latest-runs read (every pair, and capped as the dashboard reads it) and the
        // DISTINCT ON it replaced, interleaved.
        var ids = Enumerable.Range(0, repositories).Select(i => firstRepositoryId + i).ToArray();
        var repositoriesWithBranch = ids.Select(id => (id, "main")).ToArray();
        var everyPair = new List<double>();
        var capped = new List<double>();
        var before = new List<double>();
        var dataSource = fixture.Proxy.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        var perRepository = new GitHubProxyOptions().DashboardRunsPerRepository;
        int rowsAll = 0, rowsCapped = 0, rowsBefore = 0;
        for (var i = 0; i < 200; i++)
        {
            var watch = Stopwatch.StartNew();
            rowsAll = (await store.GetLatestRunsAsync(repositoriesWithBranch, int.MaxValue, CancellationToken.None)).Runs.Sum(g => g.Count());
            everyPair.Add(watch.Elapsed.TotalMilliseconds);

            watch.Restart();
            rowsCapped = (await store.GetLatestRunsAsync(repositoriesWithBranch, perRepository, CancellationToken.None)).Runs.Sum(g => g.Count());
            capped.Add(watch.Elapsed.TotalMilliseconds);

            watch.Restart();
            rowsBefore = 0;
            await using (var command = dataSource.CreateCommand(DistinctOnSql))
            {
                command.Parameters.AddWithValue("ids", ids);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    rowsBefore++;
                }
            }

            before.Add(watch.Elapsed.TotalMilliseconds);
        }

        everyPair.Sort();
        capped.Sort();
        before.Sort();
        Console.WriteLine("  latest-runs read, interleaved ×200:");
        Console.WriteLine($"    DISTINCT ON over all runs (before), {rowsBefore} rows: p50 {BenchProgram.Percentile(before, 0.5):F2} ms   p99 {BenchProgram.Percentile(before, 0.99):F2} ms");
        Console.WriteLine($"    latest_runs pointers, every pair, {rowsAll} rows:     p50 {BenchProgram.Percentile(everyPair, 0.5):F2} ms   p99 {BenchProgram.Percentile(everyPair, 0.99):F2} ms   (×{BenchProgram.Percentile(everyPair, 0.5) / BenchProgram.Percentile(before, 0.5):F2} p50)");
        Console.WriteLine($"    latest_runs pointers, {perRepository} a repository, {rowsCapped} rows: p50 {BenchProgram.Percentile(capped, 0.5):F2} ms   p99 {BenchProgram.Percentile(capped, 0.99):F2} ms   (×{BenchProgram.Percentile(capped, 0.5) / BenchProgram.Percentile(before, 0.5):F2} p50)");
        Figures.Record("2", "latest-runs read p50, pointers (every pair) ÷ DISTINCT ON (before)", BenchProgram.Percentile(everyPair, 0.5) / BenchProgram.Percentile(before, 0.5), "×",
            comparison: $"{BenchProgram.Percentile(everyPair, 0.5):F2} ms vs {BenchProgram.Percentile(before, 0.5):F2} ms, {rowsBefore} rows each");
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    /// <summary>
    /// Goal 2 as a browser sees it: the real gateway (its own process, with its session check: cookie → Redis-cached session →
    /// a minted identity token) in front of this service, each user with a session of their own, revalidating. At each rate
    /// the service directly and through the gateway, 10 s each, one after the other.
    /// </summary>
    private static async Task ThroughTheGatewayAsync(GitHubProxyFixture fixture, IReadOnlyList<long> userIds, IReadOnlyList<HttpClient> direct,
        string gatewayDll, IReadOnlyList<int> rates, int repositories)
    {
        var sessions = userIds.ToDictionary(_ => ActionsDashboard.Identity.Sessions.SessionSecrets.NewSessionId(), id => id);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var auth = builder.Build();
        var lookups = 0;
        auth.MapSessionResolve(sessions.ToDictionary(s => s.Key, s => new ActionsDashboard.Identity.Sessions.SessionResolution(
            ActionsDashboard.Identity.Sessions.SessionSecrets.Hash(s.Key), s.Value, fixture.Logins[s.Value], null, null, DateTimeOffset.UtcNow.AddHours(8))),
            fixture.InternalApiKey, () => Interlocked.Increment(ref lookups));
        await auth.StartAsync();
        var authUrl = auth.Urls.Single();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = fixture.Redis.ConnectionString,
            ["Identity:SigningKey"] = fixture.SigningKey,
            ["Internal:ApiKey"] = fixture.InternalApiKey,
            ["services:auth-api:http:0"] = authUrl,
            ["services:githubproxy-api:http:0"] = fixture.ProxyUrl!.ToString(),
            ["services:webhooks-api:http:0"] = authUrl,
            ["services:realtime-hub:http:0"] = authUrl,
            ["services:web:http:0"] = authUrl,
            // 20 users at up to 1,000 requests/s in all, from one address: the per-user and per-address limits would be measured.
            ["Gateway:RateLimits:PerIp:PermitLimit"] = "1000000000",
            ["Gateway:RateLimits:PerUser:PermitLimit"] = "1000000000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        await using var gateway = await GatewayProcess.StartAsync(gatewayDll, settings, "/alive");

        // Goal 6: a second GitHubProxy.Api on the same servers, and a second gateway that spreads requests over both (service
        // discovery gives it two endpoints), measured beside the first. Both instances share this machine's 2 cores.
        await using var secondProxy = fixture.CreateProxy(fixture.ProxySettings);
        secondProxy.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        secondProxy.StartServer();
        await using var gatewayOverTwo = await GatewayProcess.StartAsync(gatewayDll,
            new Dictionary<string, string?>(settings) { ["services:githubproxy-api:http:1"] = secondProxy.ClientOptions.BaseAddress.ToString() }, "/alive");

        List<HttpClient> ClientsOf(GatewayProcess through) => [.. sessions.Keys.Select(session =>
        {
            var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { BaseAddress = through.Url };
            // Production: the session cookie carries the __Host- prefix.
            client.DefaultRequestHeaders.Add("Cookie", $"{ActionsDashboard.Identity.Sessions.SessionCookies.SecureSessionName}={session}");
            return client;
        })];
        var throughGateway = ClientsOf(gateway);
        var throughGatewayOverTwo = ClientsOf(gatewayOverTwo);
        // The gateway mints each identity token on the real clock; the service checks it on the fixture's, which stands still
        // unless moved: keep it at the real time, every 50 ms, while the gateway is used.
        using var stopSync = new CancellationTokenSource();
        var sync = Task.Run(async () =>
        {
            while (!stopSync.IsCancellationRequested)
            {
                if (fixture.Clock.GetUtcNow() < DateTimeOffset.UtcNow)
                {
                    fixture.Clock.SetUtcNow(DateTimeOffset.UtcNow);
                }

                await Task.Delay(50);
            }
        });

        try
        {
            await Task.Delay(100);
            foreach (var client in throughGateway.Concat(throughGatewayOverTwo))
            {
                using var first = await GetDashboardAsync(client, revalidate: true);
                if (first.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"The dashboard through the gateway answered {(int)first.StatusCode}: {await first.Content.ReadAsStringAsync()}");
                }
            }

            // Warm: the gateway's session cache, its connections to the service, and each user's ETag.
            await PacedAsync(throughGateway, 50, TimeSpan.FromSeconds(3), revalidate: true);
            await PacedAsync(throughGatewayOverTwo, 50, TimeSpan.FromSeconds(3), revalidate: true);
            var lookupsBefore = lookups;
            Console.WriteLine($"  revalidating, {throughGateway.Count} users, 10 s each: the service directly, through the gateway (its own process, "
                + "session check on), and through a second gateway over two instances of the service:");
            foreach (var rate in rates)
            {
                var (straight, straightFailed) = await PacedAsync(direct, rate, TimeSpan.FromSeconds(10), revalidate: true);
                var (proxied, proxiedFailed) = await PacedAsync(throughGateway, rate, TimeSpan.FromSeconds(10), revalidate: true);
                var (overTwo, overTwoFailed) = await PacedAsync(throughGatewayOverTwo, rate, TimeSpan.FromSeconds(10), revalidate: true);
                Console.WriteLine($"    {rate,5}/s  direct: p50 {BenchProgram.Percentile(straight, 0.50):F2} ms   p99 {BenchProgram.Percentile(straight, 0.99):F2} ms ({straightFailed} neither 200 nor 304)");
                Console.WriteLine($"            gateway: p50 {BenchProgram.Percentile(proxied, 0.50):F2} ms   p99 {BenchProgram.Percentile(proxied, 0.99):F2} ms   max {proxied[^1]:F2} ms ({proxiedFailed} neither 200 nor 304)");
                Console.WriteLine($"            gateway over 2 instances: p50 {BenchProgram.Percentile(overTwo, 0.50):F2} ms   p99 {BenchProgram.Percentile(overTwo, 0.99):F2} ms   max {overTwo[^1]:F2} ms ({overTwoFailed} neither 200 nor 304)");
                Figures.Record("2", $"warm /api/dashboard p99 revalidating (304), {throughGateway.Count} users at {rate}/s, {repositories} repos × {RunsPerRepository:N0} runs, through the gateway",
                    BenchProgram.Percentile(proxied, 0.99), "ms", 10,
                    comparison: $"p50 {BenchProgram.Percentile(proxied, 0.5):F2} ms; the service directly in the same run: p99 {BenchProgram.Percentile(straight, 0.99):F2} ms; {proxiedFailed} errors");
                Figures.Record("2", $"the same straight to the service, {rate}/s", BenchProgram.Percentile(straight, 0.99), "ms", 10,
                    comparison: $"p50 {BenchProgram.Percentile(straight, 0.5):F2} ms; {straightFailed} errors");
                Figures.Record("6", $"the same through a gateway over 2 instances of the service, p99 at {rate}/s",
                    BenchProgram.Percentile(overTwo, 0.99), "ms",
                    comparison: $"1 instance in the same run: p99 {BenchProgram.Percentile(proxied, 0.99):F2} ms (×{BenchProgram.Percentile(overTwo, 0.99) / BenchProgram.Percentile(proxied, 0.99):F2}); {overTwoFailed} errors");
            }

            Console.WriteLine($"    session lookups at Auth.Api during the timed requests (gateway cache misses): {lookups - lookupsBefore}");
        }
        finally
        {
            await stopSync.CancelAsync();
            await sync;
            foreach (var client in throughGateway.Concat(throughGatewayOverTwo))
            {
                client.Dispose();
            }
        }
    }

    /// <summary>Requests a paced run may have waiting for an answer; beyond it, the rest are counted as failed, not sent.</summary>
    private const int MaxInFlight = 2_000;

    /// <summary>Revalidating: each request sends the ETag of the client's last 200 (a browser's HTTP cache does the same).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<HttpClient, string> ETags = new();

    private static Task<HttpResponseMessage> GetDashboardAsync(HttpClient client, bool revalidate)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard");
        if (revalidate && ETags.TryGetValue(client, out var etag))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        return client.SendAsync(request).ContinueWith(t =>
        {
            request.Dispose();
            var response = t.Result;
            if (revalidate && response.StatusCode == HttpStatusCode.OK && response.Headers.ETag is { } tag)
            {
                ETags[client] = tag.Tag;
            }

            return response;
        }, TaskScheduler.Default);
    }

    private static async Task<(List<double> Timings, long Bytes, int Runs)> ClosedLoopAsync(HttpClient client, int requests, bool revalidate = false)
    {
        using var untraced = SuppressInstrumentationScope.Begin();
        var timings = new List<double>(requests);
        long bytes = 0;
        for (var i = 0; i < requests; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await GetDashboardAsync(client, revalidate);
            var body = await response.Content.ReadAsByteArrayAsync();
            timings.Add(watch.Elapsed.TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.NotModified)
            {
                response.EnsureSuccessStatusCode();
                bytes = body.Length;
            }
        }

        timings.Sort();
        var answer = await client.GetFromJsonAsync<JsonObject>("/api/dashboard");
        return (timings, bytes, answer!["repositories"]!.AsArray().Sum(r => r!["runs"]!.AsArray().Count));
    }

    /// <summary>Open loop: requests start on a schedule (round robin over the users) whether or not earlier ones finished,
    /// so a slow answer cannot slow the load down and hide itself.</summary>
    private static async Task<(List<double> Timings, int Failed)> PacedAsync(IReadOnlyList<HttpClient> clients, int rate, TimeSpan duration,
        bool revalidate = false)
    {
        var failed = 0;
        var inFlight = 0;
        var notSent = 0;
        using var untraced = SuppressInstrumentationScope.Begin();
        var timings = new List<double>();
        var pending = new List<Task>();
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var clock = Stopwatch.StartNew();
        for (var i = 0; clock.Elapsed < duration; i++)
        {
            var due = interval * i;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var client = clients[i % clients.Count];
            if (Volatile.Read(ref inFlight) >= MaxInFlight)
            {
                // The service has fallen behind by seconds: count the request as failed, and not sent, rather than pile up
                // more (a run at a rate the service cannot take would otherwise take the bench's memory with it).
                Interlocked.Increment(ref failed);
                if (Interlocked.Increment(ref notSent) == 1)
                {
                    Console.WriteLine($"    fallen behind: {MaxInFlight:N0} requests waiting for an answer; the rest of this run's requests beyond that are not sent and count as failed");
                }

                continue;
            }

            Interlocked.Increment(ref inFlight);
            pending.Add(Task.Run(async () =>
            {
                var watch = Stopwatch.StartNew();
                using var response = await GetDashboardAsync(client, revalidate);
                await response.Content.LoadIntoBufferAsync();
                if (response.StatusCode != HttpStatusCode.OK && !(revalidate && response.StatusCode == HttpStatusCode.NotModified))
                {
                    if (Interlocked.Increment(ref failed) == 1)
                    {
                        Console.WriteLine($"    first failure: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }

                lock (timings)
                {
                    timings.Add(watch.Elapsed.TotalMilliseconds);
                }

                Interlocked.Decrement(ref inFlight);
            }));
        }

        await Task.WhenAll(pending);
        timings.Sort();
        return (timings, failed);
    }

    private static WorkflowRunChanged RunChanged(long runId, long repositoryId, string fullName, int workflow, int branch, DateTimeOffset created) => new()
    {
        DeliveryId = Guid.NewGuid().ToString(),
        Action = "completed",
        Repository = new RepositoryReference(repositoryId, fullName, "bench-org", fullName.Split('/')[1]),
        RunId = runId,
        RunAttempt = 1,
        RunNumber = runId % 100_000,
        WorkflowId = 810_000 + repositoryId % 1000 * 100 + workflow,
        Name = $"Workflow {workflow + 1}",
        Event = "push",
        HeadBranch = branch == 0 ? "main" : $"feature-{branch:00}",
        HeadSha = $"{runId:x40}"[^40..],
        CommitMessage = "History",
        Actor = "bench-user-01",
        Status = "completed",
        Conclusion = runId % 7 == 0 ? "failure" : "success",
        CreatedAt = created,
        StartedAt = created + TimeSpan.FromSeconds(20),
        UpdatedAt = created + TimeSpan.FromMinutes(6),
        HtmlUrl = $"https://github.com/{fullName}/actions/runs/{runId}",
    };
}
