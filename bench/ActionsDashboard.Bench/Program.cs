using System.Diagnostics;
using ActionsDashboard.AppHost;
using ActionsDashboard.Hosting;
using ActionsDashboard.Hosting.ApplicationModel;

// The AppHost's cold start and the gateway's cost, measured side by side in one run.
//   dotnet run --project bench/ActionsDashboard.Bench -c Release -- [--seconds 5] [--concurrency 32] [--rounds 3]
var seconds = Option("--seconds", 5);
var concurrency = Option("--concurrency", 32);
var rounds = Option("--rounds", 3);

var data = Directory.CreateTempSubdirectory("apphost-bench-");
try
{
    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores; load generator on the same machine; {concurrency} concurrent requests; {rounds} x {seconds} s per side, interleaved.");
    Console.WriteLine();

    var cold = await MeasureStartAsync(data.FullName);
    var warm = await MeasureStartAsync(data.FullName);
    Console.WriteLine("AppHost start to every resource healthy (after build):");
    Console.WriteLine($"  cold (new data folder: initdb, first RabbitMQ boot): {cold.TotalSeconds,6:0.0} s");
    Console.WriteLine($"  warm (same data folder, as on a second ./run.sh):    {warm.TotalSeconds,6:0.0} s");
    Console.WriteLine();

    await using var app = Create(data.FullName);
    // The gateway's per-address rate limit (one load generator = one address) would answer most requests
    // with 429 and measure that instead: lift it for this run.
    ((ProjectResource)app.GetResource("gateway")).Annotations.Add(new EnvironmentCallbackAnnotation(context =>
    {
        context.Variables["Gateway__RateLimits__PerIp__PermitLimit"] = "1000000000";
        context.Variables["Gateway__RateLimits__PerUser__PermitLimit"] = "1000000000";
    }));
    await app.StartAsync();
    await app.ResourceNotifications.WaitForAllHealthyAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);

    var gateway = new Uri(Endpoint(app, "gateway"), "/auth/session");
    var direct = new Uri(Endpoint(app, "auth-api"), "/auth/session");
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
    Console.WriteLine("GET /auth/session (auth-api's 401 problem response), same service, same run:");
    Console.WriteLine($"  {"",-22} {"req/s",10} {"p50 ms",9} {"p99 ms",9} {"errors",7}");
    Console.WriteLine($"  {"auth-api directly",-22} {d.RequestsPerSecond,10:0} {d.P50,9:0.00} {d.P99,9:0.00} {d.Errors,7}");
    Console.WriteLine($"  {"through the gateway",-22} {g.RequestsPerSecond,10:0} {g.P50,9:0.00} {g.P99,9:0.00} {g.Errors,7}");
    if (d.Errors + g.Errors > 0)
    {
        Console.WriteLine("  WARNING: some answers were not the expected 401 (rate limited? a service down?): the figures above measure those too.");
    }

    Console.WriteLine($"  gateway / direct: throughput x{g.RequestsPerSecond / d.RequestsPerSecond:0.00}, p50 x{g.P50 / d.P50:0.00}, p99 x{g.P99 / d.P99:0.00}");
    await app.StopAsync();
}
finally
{
    data.Delete(recursive: true);
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}

static DistributedApplication Create(string dataPath) => AppModel.CreateApplication(new Dictionary<string, string?>
{
    ["AppHost:DataPath"] = dataPath,
    ["AppHost:GatewayPort"] = "0",
    ["AppHost:DashboardPort"] = "-1",
    ["AppHost:LogLevel"] = "Warning",
    // The simulator's demo scenario would send webhooks during the measurement.
    ["AppHost:DemoScenario"] = "false",
});

static async Task<TimeSpan> MeasureStartAsync(string dataPath)
{
    await using var app = Create(dataPath);
    var watch = Stopwatch.StartNew();
    await app.StartAsync();
    await app.ResourceNotifications.WaitForAllHealthyAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
    var elapsed = watch.Elapsed;
    await app.StopAsync();
    return elapsed;
}

static Uri Endpoint(DistributedApplication app, string name) =>
    new(((ProjectResource)app.GetResource(name)).HttpEndpoint.Allocated!.Url.Replace("localhost", "127.0.0.1"));

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
