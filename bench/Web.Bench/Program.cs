using System.Diagnostics;
using System.Text.Json.Nodes;
using ActionsDashboard.Benchmarks;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;

// Cold and warm load of the dashboard through the gateway in headless chromium: bytes over the wire and the time
// until the first run is on screen.
//   bench/Web.Bench/run.sh [--rounds 5] [--url http://127.0.0.1:8080]
// Cold: a new browser context (empty HTTP cache) with a signed-in session. Warm: the same page loaded again in the
// same context (fingerprinted assets from the cache; index.html and the API asked again, as they must be).
var rounds = int.Parse(Option("--rounds") ?? "5");
var url = Option("--url");

DistributedApplication? app = null;
DirectoryInfo? data = null;
Uri gateway;
if (url is not null)
{
    gateway = new Uri(url);
}
else
{
    data = Directory.CreateTempSubdirectory("web-bench-");
    var started = Stopwatch.StartNew();
    Console.WriteLine("Starting the app (demo mode: the simulator as GitHub)...");
    app = await TestingAppHost.StartAsync(data.FullName, TimeSpan.FromMinutes(4), liftGatewayRateLimits: false);
    gateway = app.GetEndpoint("gateway", "http");
    Console.WriteLine($"Up in {started.Elapsed.TotalSeconds:0.0} s; gateway {gateway}");
}

try
{
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

    var session = await SignInAndPickRepositoriesAsync(browser, gateway);
    Console.WriteLine();
    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores; chromium headless on the same machine; {rounds} rounds each; loopback, no throttling.");

    var cold = new List<Load>();
    var warm = new List<Load>();
    for (var i = 0; i < rounds; i++)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = gateway.ToString(), StorageState = session, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        cold.Add(await MeasureAsync(context, page));
        warm.Add(await MeasureAsync(context, page));
    }

    Console.WriteLine();
    Console.WriteLine("Dashboard load (first run on screen = navigation start to the first run row rendered):");
    Console.WriteLine($"  {"",-5} {"first run on screen (ms)",-34} {"bytes transferred",-40} requests");
    Print("cold", cold);
    Print("warm", warm);
    Console.WriteLine();
    Console.WriteLine("Cold, by kind (median round): " + string.Join(", ", Median(cold).ByKind.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {Kb(k.Value)}")));
    Console.WriteLine("Warm, by kind (median round): " + string.Join(", ", Median(warm).ByKind.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {Kb(k.Value)}")));
}
finally
{
    if (app is not null)
    {
        await app.DisposeAsync();
    }
    data?.Delete(recursive: true);
}

static void Print(string name, List<Load> loads)
{
    var times = loads.Select(l => l.FirstRunMs).Order().ToList();
    var bytes = loads.Select(l => l.Bytes).Order().ToList();
    Console.WriteLine($"  {name,-5} median {times[times.Count / 2],6:0} (min {times[0]:0}, max {times[^1]:0}){"",-6} median {Kb(bytes[bytes.Count / 2]),9} (min {Kb(bytes[0])}, max {Kb(bytes[^1])})   {loads[loads.Count / 2].Requests}");
}

static Load Median(List<Load> loads) => loads.OrderBy(l => l.FirstRunMs).ElementAt(loads.Count / 2);

static string Kb(long bytes) => $"{bytes / 1024.0:0.0} KB";

// Signs in through the gateway (the simulator's GitHub signs its default user in without a form) and selects two
// repositories through PUT /api/settings, so the dashboard has runs to show.
static async Task<string> SignInAndPickRepositoriesAsync(IBrowser browser, Uri gateway)
{
    await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = gateway.ToString() });
    var page = await context.NewPageAsync();
    await page.GotoAsync("/auth/github?returnUrl=/");
    var session = await page.APIRequest.GetAsync("/auth/session");
    if (session.Status != 200)
    {
        throw new InvalidOperationException($"Sign-in did not work: /auth/session answered {session.Status}.");
    }
    var csrf = (await session.JsonAsync())!.Value.GetProperty("csrfToken").GetString()!;
    var settings = JsonNode.Parse((await (await page.APIRequest.GetAsync("/api/settings")).TextAsync()))!.AsObject();
    settings["repositories"] = new JsonArray(
        new JsonObject { ["fullName"] = "octo-org/octo-repo", ["category"] = "Work" },
        new JsonObject { ["fullName"] = "octocat/hello-world", ["category"] = null });
    settings["pinned"] = new JsonArray("octo-org/octo-repo");
    var saved = await page.APIRequest.PutAsync("/api/settings", new APIRequestContextOptions
    {
        Headers = new Dictionary<string, string> { ["X-CSRF-Token"] = csrf, ["Content-Type"] = "application/json" },
        Data = settings.ToJsonString(),
    });
    if (saved.Status != 200)
    {
        throw new InvalidOperationException($"PUT /api/settings answered {saved.Status}: {await saved.TextAsync()}");
    }
    return await context.StorageStateAsync();
}

// One navigation to the dashboard: bytes as chromium counts them on the wire (encodedDataLength, headers included;
// 0 for what the cache served), and the browser's own clock from navigation start to the first run row.
static async Task<Load> MeasureAsync(IBrowserContext context, IPage page)
{
    var cdp = await context.NewCDPSessionAsync(page);
    await cdp.SendAsync("Network.enable");
    var urls = new Dictionary<string, string>();
    var byKind = new Dictionary<string, long>();
    long bytes = 0;
    var requests = 0;
    var gate = new object();
    cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
    {
        if (e is { } json)
        {
            lock (gate)
            {
                urls[json.GetProperty("requestId").GetString()!] = json.GetProperty("response").GetProperty("url").GetString()!;
            }
        }
    };
    cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
    {
        if (e is not { } json)
        {
            return;
        }
        var length = (long)json.GetProperty("encodedDataLength").GetDouble();
        lock (gate)
        {
            var path = urls.TryGetValue(json.GetProperty("requestId").GetString()!, out var u) ? new Uri(u).AbsolutePath : "?";
            var kind = path.StartsWith("/assets/", StringComparison.Ordinal) ? "assets"
                : path.StartsWith("/api/", StringComparison.Ordinal) ? "api"
                : path.StartsWith("/auth/", StringComparison.Ordinal) ? "auth"
                : path.StartsWith("/ws", StringComparison.Ordinal) ? "hub"
                : "document";
            byKind[kind] = byKind.GetValueOrDefault(kind) + length;
            bytes += length;
            if (length > 0)
            {
                requests++;
            }
        }
    };

    await page.GotoAsync("/", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
    var firstRun = await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=run-row]') ? performance.now() : null", null,
        new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 5 });
    var ms = (await firstRun.JsonValueAsync<double>());
    await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new PageWaitForLoadStateOptions { Timeout = 10_000 }).ContinueWith(_ => { });
    await cdp.DetachAsync();
    lock (gate)
    {
        return new Load(ms, bytes, requests, new Dictionary<string, long>(byKind));
    }
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

internal sealed record Load(double FirstRunMs, long Bytes, int Requests, Dictionary<string, long> ByKind);
