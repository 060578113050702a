extern alias GatewayApp;

using System.Diagnostics;
using System.Net;
using ActionsDashboard.Identity;
using ActionsDashboard.Identity.Sessions;
using ActionsDashboard.TestInfrastructure;
using Microsoft.AspNetCore.Hosting;
using ActionsDashboard.Bench.Shared;
using Microsoft.AspNetCore.Mvc.Testing;

// What the gateway's session check costs a warm request: the same proxied GET to the same stand-in service, once on a
// route that needs a session (cookie → Redis-cached resolution → CSRF/header rules → a freshly minted identity token)
// and once on a route without the check, interleaved in one run.
//   dotnet run --project bench/Gateway.Bench -c Release -- [--seconds 5] [--concurrency 32] [--rounds 3] [--gateway-dll PATH] [--nginx]
// With --nginx, Debian's nginx proxies the same stand-in (keep-alive to it), and it and the stand-in itself (no proxy) are
// measured on the open route in the same rounds: the gateway's figures as ratios of nginx's (issue #17, goal 1).
// With --gateway-dll PATH [--with Key=Value ...] (repeatable) each gateway build runs as its own process, as under the AppHost, and they are measured
// interleaved, the first as the reference; without it, the gateway runs in this process (whose OpenTelemetry listeners
// then also record the load generator's and the stand-in's requests).
var seconds = Option("--seconds", 5);
var concurrency = Option("--concurrency", 32);
var rounds = Option("--rounds", 3);
var gatewayDlls = GatewayBuilds();
var withNginx = args.Contains("--nginx");

await using var redis = new RedisServerFixture();
await redis.InitializeAsync();
var sessionId = SessionSecrets.NewSessionId();
await using var service = await StandIn.StartAsync(sessionId);

var settings = new Dictionary<string, string?>
{
    ["ConnectionStrings:redis"] = redis.ConnectionString,
    // Signed as the AppHost configures the gateway: ES256 with a private key (HS256 costs a fraction of it per token).
    ["Identity:PrivateKey"] = InternalIdentityKeys.CreatePair().PrivateKey,
    ["Internal:ApiKey"] = StandIn.ApiKey,
    ["services:auth-api:http:0"] = service.Url,
    ["services:githubproxy-api:http:0"] = service.Url,
    ["services:webhooks-api:http:0"] = service.Url,
    ["services:realtime-hub:http:0"] = service.Url,
    ["services:web:http:0"] = service.Url,
    // The same cluster as /api, without the session check.
    ["ReverseProxy:Routes:bench-open:ClusterId"] = "githubproxy-api",
    ["ReverseProxy:Routes:bench-open:Match:Path"] = "/open/{**catch-all}",
    ["ReverseProxy:Routes:bench-open:Metadata:Session"] = "None",
    // Rate limits would measure themselves, not the session check.
    ["Gateway:RateLimits:PerIp:PermitLimit"] = "1000000000",
    ["Gateway:RateLimits:PerUser:PermitLimit"] = "1000000000",
    ["Logging:LogLevel:Default"] = "Warning",
};
await using var gatewayFactory = new WebApplicationFactory<GatewayApp::Program>().WithWebHostBuilder(b =>
{
    b.UseEnvironment("Production");
    foreach (var (key, value) in settings)
    {
        b.UseSetting(key, value);
    }
});
var processes = new List<GatewayProcess>();
var gateways = new List<(string Name, Uri Url)>();
// Measured on the open route only: no session check to compare.
var references = new List<(string Name, Uri Url)>();
NginxProcess? nginx = null;
try
{
    if (withNginx)
    {
        nginx = await NginxProcess.StartAsync(service.Url, "/open/ready");
        references.Add(("nginx (keep-alive upstream)", nginx.Url));
        references.Add(("the service directly", new Uri(service.Url)));
    }

    if (gatewayDlls.Count == 0)
    {
        gatewayFactory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        gatewayFactory.StartServer();
        gateways.Add(("gateway in the bench's process", gatewayFactory.ClientOptions.BaseAddress));
    }

    foreach (var (dll, overrides) in gatewayDlls)
    {
        var process = await GatewayProcess.StartAsync(dll, settings.Where(s => !overrides.ContainsKey(s.Key)).Concat(overrides).ToDictionary(), "/open/ready");
        processes.Add(process);
        gateways.Add((overrides.Count == 0 ? dll : $"{dll} with {string.Join(", ", overrides.Select(o => $"{o.Key}={o.Value}"))}", process.Url));
    }

    await MeasureAsync();
}
finally
{
    foreach (var process in processes)
    {
        await process.DisposeAsync();
    }

    if (nginx is not null)
    {
        await nginx.DisposeAsync();
    }
}

async Task MeasureAsync()
{
    using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, MaxConnectionsPerServer = concurrency * 2 });
    // Production: the session cookie carries the __Host- prefix.
    var cookie = $"{SessionCookies.SecureSessionName}={sessionId}";

    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores; gateway, stand-in service, Redis and load generator on one machine; "
        + $"{concurrency} concurrent requests; {rounds} x {seconds} s per route and gateway, interleaved.");
    foreach (var (name, url) in gateways)
    {
        var seen = service.IdentitiesSeen;
        await LoadAsync(http, cookie, new Uri(url, "/open/bench"), TimeSpan.FromSeconds(2));
        await LoadAsync(http, cookie, new Uri(url, "/api/bench"), TimeSpan.FromSeconds(2));
        if (service.IdentitiesSeen == seen)
        {
            throw new InvalidOperationException($"The warm-up requests through {name} reached the service without an identity token: the session check did not run.");
        }
    }

    foreach (var (_, url) in references)
    {
        await LoadAsync(http, cookie, new Uri(url, "/open/bench"), TimeSpan.FromSeconds(2));
    }

    var open = gateways.Select(_ => new List<LoadResult>()).ToList();
    var checkedRuns = gateways.Select(_ => new List<LoadResult>()).ToList();
    var referenceRuns = references.Select(_ => new List<LoadResult>()).ToList();
    for (var round = 0; round < rounds; round++)
    {
        for (var g = 0; g < gateways.Count; g++)
        {
            open[g].Add(await LoadAsync(http, cookie, new Uri(gateways[g].Url, "/open/bench"), TimeSpan.FromSeconds(seconds)));
            checkedRuns[g].Add(await LoadAsync(http, cookie, new Uri(gateways[g].Url, "/api/bench"), TimeSpan.FromSeconds(seconds)));
        }

        for (var r = 0; r < references.Count; r++)
        {
            referenceRuns[r].Add(await LoadAsync(http, cookie, new Uri(references[r].Url, "/open/bench"), TimeSpan.FromSeconds(seconds)));
        }
    }

    var results = gateways.Select((gateway, g) => (gateway.Name, Open: LoadResult.Combine(open[g]), Checked: LoadResult.Combine(checkedRuns[g]))).ToList();
    foreach (var (name, o, s) in results)
    {
        Console.WriteLine();
        Console.WriteLine($"GET through {name} to the same stand-in service (warm: the session resolution is a Redis cache hit):");
        Console.WriteLine($"  {"",-34} {"req/s",10} {"p50 ms",9} {"p99 ms",9} {"errors",7}");
        Console.WriteLine($"  {"no session check (/open/bench)",-34} {o.RequestsPerSecond,10:0} {o.P50,9:0.000} {o.P99,9:0.000} {o.Errors,7}");
        Console.WriteLine($"  {"session check (/api/bench)",-34} {s.RequestsPerSecond,10:0} {s.P50,9:0.000} {s.P99,9:0.000} {s.Errors,7}");
        Console.WriteLine($"  added by the session check: p50 {s.P50 - o.P50:+0.000;-0.000} ms, p99 {s.P99 - o.P99:+0.000;-0.000} ms, "
            + $"throughput x{s.RequestsPerSecond / o.RequestsPerSecond:0.00}");
    }

    for (var g = 1; g < results.Count; g++)
    {
        Console.WriteLine();
        Console.WriteLine($"{results[g].Name} against {results[0].Name}, measured side by side:");
        foreach (var (route, first, other) in new[] { ("no session check", results[0].Open, results[g].Open), ("session check", results[0].Checked, results[g].Checked) })
        {
            Console.WriteLine($"  {route,-17} req/s x{other.RequestsPerSecond / first.RequestsPerSecond:0.00}, p50 x{other.P50 / first.P50:0.00}, p99 x{other.P99 / first.P99:0.00}");
        }
    }

    if (references.Count > 0)
    {
        var nginxResult = LoadResult.Combine(referenceRuns[0]);
        Console.WriteLine();
        Console.WriteLine("The same GET on the open route, measured in the same rounds:");
        Console.WriteLine($"  {"",-34} {"req/s",10} {"p50 ms",9} {"p99 ms",9} {"errors",7}");
        for (var r = 0; r < references.Count; r++)
        {
            var result = LoadResult.Combine(referenceRuns[r]);
            Console.WriteLine($"  {references[r].Name,-34} {result.RequestsPerSecond,10:0} {result.P50,9:0.000} {result.P99,9:0.000} {result.Errors,7}");
        }

        foreach (var (name, o, s) in results)
        {
            var ratio = o.RequestsPerSecond / nginxResult.RequestsPerSecond;
            var p99 = o.P99 / nginxResult.P99;
            Console.WriteLine($"  {name} against nginx: req/s ×{ratio:0.00}, p99 ×{p99:0.00} (session check: req/s ×{s.RequestsPerSecond / nginxResult.RequestsPerSecond:0.00})");
        }

        var (_, gatewayOpen, gatewayChecked) = results[0];
        var comparison = $"nginx {nginxResult.RequestsPerSecond:0} req/s, p99 {nginxResult.P99:0.00} ms; gateway {gatewayOpen.RequestsPerSecond:0} req/s, p99 {gatewayOpen.P99:0.00} ms";
        Figures.Record("1", "gateway req/s ÷ nginx req/s (open route)", gatewayOpen.RequestsPerSecond / nginxResult.RequestsPerSecond, "×", 0.9, higherIsBetter: true, comparison);
        Figures.Record("1", "nginx p99 ÷ gateway p99 (open route)", nginxResult.P99 / gatewayOpen.P99, "×", 0.9, higherIsBetter: true, comparison);
        Figures.Record("1", "gateway with the session check, req/s ÷ nginx req/s", gatewayChecked.RequestsPerSecond / nginxResult.RequestsPerSecond, "×",
            comparison: $"session check {gatewayChecked.RequestsPerSecond:0} req/s, p99 {gatewayChecked.P99:0.00} ms");
    }

    Console.WriteLine();
    Console.WriteLine($"Auth.Api session lookups during the run (cache misses): {service.Resolutions}");
}

// --gateway-dll PATH [--with Key=Value ...] ...: each build, with settings of its own after it.
List<(string Dll, Dictionary<string, string?> Overrides)> GatewayBuilds()
{
    var builds = new List<(string, Dictionary<string, string?>)>();
    for (var i = 0; i + 1 < args.Length; i++)
    {
        if (args[i] == "--gateway-dll")
        {
            builds.Add((args[++i], []));
        }
        else if (args[i] == "--with" && builds.Count > 0 && args[i + 1].Split('=', 2) is [var key, var value])
        {
            builds[^1].Item2[key] = value;
            i++;
        }
    }

    return builds;
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}

async Task<LoadResult> LoadAsync(HttpClient http, string cookie, Uri url, TimeSpan duration)
{
    var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var workers = Enumerable.Range(0, concurrency).Select(async _ =>
    {
        var latencies = new List<double>(16384);
        var errors = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var started = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Cookie", cookie);
            try
            {
                using var response = await http.SendAsync(request);
                await response.Content.LoadIntoBufferAsync();
                if (!response.IsSuccessStatusCode)
                {
                    errors++;
                }
            }
            catch (HttpRequestException)
            {
                errors++;
            }

            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return (latencies, errors);
    }).ToList();
    var results = await Task.WhenAll(workers);
    return new LoadResult(results.SelectMany(r => r.latencies).ToList(), results.Sum(r => r.errors), duration);
}

internal sealed record LoadResult(List<double> Latencies, int Errors, TimeSpan Duration)
{
    public double RequestsPerSecond => Latencies.Count / Duration.TotalSeconds;

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    public static LoadResult Combine(List<LoadResult> runs) =>
        new(runs.SelectMany(r => r.Latencies).ToList(), runs.Sum(r => r.Errors), TimeSpan.FromTicks(runs.Sum(r => r.Duration.Ticks)));

    private double Percentile(double p)
    {
        var sorted = Latencies.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
    }
}
