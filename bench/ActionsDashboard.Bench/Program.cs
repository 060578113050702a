using System.Diagnostics;
using ActionsDashboard.Bench.Shared;
using ActionsDashboard.Benchmarks;
using Aspire.Hosting;

// The AppHost's start (as ./run.sh starts it) and the gateway's cost, measured side by side in one run.
//   bench/run.sh [--seconds 5] [--concurrency 32] [--rounds 3] [--memory-only]
// --memory-only: a cold start, then a warm one left idle for 20 s, and the memory of every part of the app (issue #17, goal 6).
var seconds = Option("--seconds", 5);
var memoryOnly = args.Contains("--memory-only");
var concurrency = Option("--concurrency", 32);
var rounds = Option("--rounds", 3);

var data = Directory.CreateTempSubdirectory("apphost-bench-");
try
{
    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores; load generator on the same machine; {concurrency} concurrent requests; {rounds} x {seconds} s per side, interleaved.");
    Console.WriteLine($"Load average at start (1, 5, 15 min): {LoadAverage()}");
    Console.WriteLine();

    var cold = await AppHostRun.MeasureAsync(data.FullName);
    var warm = await AppHostRun.MeasureAsync(data.FullName, memoryOnly ? TimeSpan.FromSeconds(20) : TimeSpan.Zero);
    Console.WriteLine("AppHost started as ./run.sh starts it (dotnet ActionsDashboard.AppHost.dll, Aspire dashboard on,");
    Console.WriteLine("servers as local processes, after build), to the gateway's GET /health answering 200 (the gateway waits");
    Console.WriteLine("for every server and service); then SIGTERM, to the AppHost and every process it started gone:");
    Console.WriteLine($"  {"",-52} {"start",8} {"stop",8}");
    Console.WriteLine($"  {"cold (new data folder: initdb, first RabbitMQ boot)",-52} {cold.Start.TotalSeconds,6:0.0} s {cold.Stop.TotalSeconds,6:0.0} s");
    Console.WriteLine($"  {"warm (same data folder, as a second ./run.sh)",-52} {warm.Start.TotalSeconds,6:0.0} s {warm.Stop.TotalSeconds,6:0.0} s");
    Console.WriteLine();
    Console.WriteLine(memoryOnly
        ? "Memory at rest, 20 s after everything was healthy (warm run; VmRSS counts shared pages in every process, PSS shares them out):"
        : "Memory once everything is healthy (warm run; VmRSS counts shared pages in every process, PSS shares them out):");
    Console.WriteLine($"  {"",-52} {"processes",9} {"VmRSS MB",9} {"PSS MB",8}");
    foreach (var row in warm.Memory)
    {
        Console.WriteLine($"  {row.Name,-52} {row.Count,9} {row.RssKilobytes / 1024.0,9:0.0} {row.PssKilobytes / 1024.0,8:0.0}");
    }

    Console.WriteLine("  found as the dashboard and the orchestrator (pid, command line):");
    foreach (var line in warm.Found)
    {
        Console.WriteLine($"    {line}");
    }

    foreach (var note in cold.Notes.Select(n => $"cold: {n}").Concat(warm.Notes.Select(n => $"warm: {n}")))
    {
        Console.WriteLine($"  note: {note}");
    }

    Console.WriteLine();
    if (memoryOnly)
    {
        var whole = warm.Memory.Single(r => r.Name == "the whole app (everything above)");
        Figures.Record("6", "the whole app at rest, PSS (AppHost, dashboard, orchestrator, services, servers)", whole.PssKilobytes / 1024.0, "MB",
            comparison: string.Join("; ", warm.Memory.Where(r => r.Name.StartsWith("  ", StringComparison.Ordinal))
                .Select(r => $"{r.Name.Trim()} {r.PssKilobytes / 1024.0:0}")));
        return;
    }

    // The per-address rate limit (one load generator = one address) would answer most requests with 429 and
    // measure that instead: lifted for this run.
    var app = await TestingAppHost.StartAsync(data.FullName, TimeSpan.FromMinutes(4), liftGatewayRateLimits: true);
    try
    {
        await MeasureGatewayAsync(app, seconds, concurrency, rounds);
    }
    finally
    {
        // The orchestrator watches this process (the AppHost ran in it): what it started, gone before the data folder is.
        var started = AppHostRun.StartedBy(Environment.ProcessId);
        await app.DisposeAsync();
        foreach (var note in await AppHostRun.WaitGoneAsync(started, data.FullName))
        {
            Console.WriteLine($"  note: {note}");
        }
    }

    Console.WriteLine($"Load average at the end (1, 5, 15 min): {LoadAverage()}");
}
finally
{
    try
    {
        data.Delete(recursive: true);
    }
    catch (IOException)
    {
    }
}

static async Task MeasureGatewayAsync(DistributedApplication app, int seconds, int concurrency, int rounds)
{
    var gateway = new Uri(TestingAppHost.Endpoint(app, "gateway"), "/auth/session");
    var direct = new Uri(TestingAppHost.Endpoint(app, "auth-api"), "/auth/session");
    using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = concurrency * 2 });

    await LoadAsync(http, direct, TimeSpan.FromSeconds(2), concurrency);
    await LoadAsync(http, gateway, TimeSpan.FromSeconds(2), concurrency);

    var directRuns = new List<LoadResult>();
    var gatewayRuns = new List<LoadResult>();
    for (var round = 0; round < rounds; round++)
    {
        directRuns.Add(await LoadAsync(http, direct, TimeSpan.FromSeconds(seconds), concurrency));
        gatewayRuns.Add(await LoadAsync(http, gateway, TimeSpan.FromSeconds(seconds), concurrency));
    }

    var d = LoadResult.Combine(directRuns);
    var g = LoadResult.Combine(gatewayRuns);
    Console.WriteLine("GET /auth/session (auth-api's 401 problem response), same service, same run (app in this process, Aspire's testing builder):");
    Console.WriteLine($"  {"",-22} {"req/s",10} {"p50 ms",9} {"p99 ms",9} {"errors",7}");
    Console.WriteLine($"  {"auth-api directly",-22} {d.RequestsPerSecond,10:0} {d.P50,9:0.00} {d.P99,9:0.00} {d.Errors,7}");
    Console.WriteLine($"  {"through the gateway",-22} {g.RequestsPerSecond,10:0} {g.P50,9:0.00} {g.P99,9:0.00} {g.Errors,7}");
    if (d.Errors + g.Errors > 0)
    {
        Console.WriteLine("  WARNING: some answers were not the expected 401 (rate limited? a service down?): the figures above measure those too.");
    }

    Console.WriteLine($"  gateway / direct: throughput x{g.RequestsPerSecond / d.RequestsPerSecond:0.00}, p50 x{g.P50 / d.P50:0.00}, p99 x{g.P99 / d.P99:0.00}");
}

static string LoadAverage() => string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}

static async Task<LoadResult> LoadAsync(HttpClient http, Uri url, TimeSpan duration, int concurrency)
{
    var latencies = new List<double>[concurrency];
    var errors = 0;
    var stop = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, concurrency).Select(async i =>
    {
        var mine = latencies[i] = new List<double>(capacity: 100_000);
        while (stop.Elapsed < duration)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead);
                if ((int)response.StatusCode != 401)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }

            mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    });
    await Task.WhenAll(workers);
    return new LoadResult(latencies.SelectMany(l => l).ToList(), stop.Elapsed, errors);
}

internal sealed record LoadResult(List<double> Latencies, TimeSpan Duration, int Errors)
{
    public double RequestsPerSecond => Latencies.Count / Duration.TotalSeconds;

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    private double Percentile(double p)
    {
        var sorted = Latencies.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
    }

    public static LoadResult Combine(List<LoadResult> runs) =>
        new(runs.SelectMany(r => r.Latencies).ToList(), TimeSpan.FromTicks(runs.Sum(r => r.Duration.Ticks)), runs.Sum(r => r.Errors));
}
