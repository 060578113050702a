using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ActionsDashboard.Bench.Shared;
using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.Identity;
using ActionsDashboard.IntegrationEvents;
using ActionsDashboard.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Realtime.Hub bench. The path measured is "published on the bus → frame read by a connected client": the hub as its
// own process, a real RabbitMQ broker, clients in this process. The webhook → Webhooks.Api → outbox part of the path
// is measured by bench/Webhooks.Bench; see Realtime.Hub/README.md for how the two add up.
var rate = Option("--rate", 200);
var seconds = Option("--seconds", 20);
var connections = Option("--connections", 10_000);
var webSocketConnections = Option("--ws-connections", 2_000);
var wsRounds = Option("--ws-rounds", 3);
var wsBurst = Option("--ws-burst", 20);
const int Users = 100;

if (args.Contains("--gateway"))
{
    // The issue's path: webhook POST at the gateway → event at a client, through the whole application.
    // Goal 3 (#17): --subscribers other clients on the same repository (half /events, half /ws), and --browser-rate:
    // a phase in Debian's chromium, the run's row stamped in the page by a MutationObserver.
    await GatewayLatency.RunAsync(rate, seconds, Option("--subscribers", 0), Option("--browser-rate", 0), Option("--browser-seconds", 10));
    return;
}

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, broker + hub + clients on the same machine.");
var rabbitMQ = new RabbitMQServerFixture();
await rabbitMQ.InitializeAsync();
var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
var exchange = $"bench.events.{Guid.NewGuid():N}";
var tokens = new InternalIdentityTokenIssuer(Options.Create(new InternalIdentityOptions { SigningKey = signingKey }), TimeProvider.System);
string Token(int user) => tokens.Issue(new InternalIdentity(10_000 + user, $"user{user}", $"session{user}"), "realtime-hub");

// The documented internal contract of GitHubProxy.Api's access route, served here: every user may read bench/*.
var accessBuilder = WebApplication.CreateSlimBuilder();
accessBuilder.Logging.ClearProviders();
var accessPort = LocalServers.FreeTcpPort();
accessBuilder.WebHost.UseUrls($"http://127.0.0.1:{accessPort}");
var access = accessBuilder.Build();
access.MapGet("/internal/users/{userId:long}/access", (long userId) =>
    Results.Json(new
    {
        userId, repositories = new[] { "bench/latency", "bench/fanout" }, selected = new[] { "bench/fanout" }, refreshedAt = DateTimeOffset.UtcNow,
        // The id every published event carries (Run below): the hub delivers an event only under the id the list gives its name.
        repositoryIds = new Dictionary<string, long> { ["bench/latency"] = 1, ["bench/fanout"] = 1 },
    }));
await access.StartAsync();

var hubPort = LocalServers.FreeTcpPort();
var hubUrl = new Uri($"http://127.0.0.1:{hubPort}");
var hub = StartHub();
IHost? publisherHost = null;
try
{
    await WaitHealthyAsync();
    var publisherBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "Realtime.Bench" });
    publisherBuilder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:eventbus"] = rabbitMQ.ConnectionString,
        ["EventBus:ExchangeName"] = exchange,
    });
    publisherBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
    publisherBuilder.AddRabbitMQEventBus("eventbus");
    publisherHost = publisherBuilder.Build();
    await publisherHost.StartAsync();
    var bus = publisherHost.Services.GetRequiredService<IEventBus>();
    long runIds = 0;
    var published = new ConcurrentDictionary<long, long>();
    Task Publish(string repository)
    {
        var id = Interlocked.Increment(ref runIds);
        published[id] = Stopwatch.GetTimestamp();
        return bus.PublishAsync(Run(repository, id));
    }

    // 1. Latency at a steady rate, one WebSocket client and one /events client following bench/latency.
    var latency = new ConcurrentDictionary<long, (double WebSocket, double Events)>();
    await using (var socket = await WebSocketClient.ConnectAsync(hubUrl, Token(0), (runId, at) =>
                     latency.AddOrUpdate(runId, _ => (Ms(published[runId], at), double.NaN), (_, v) => (Ms(published[runId], at), v.Events))))
    await using (var stream = await SseClient.OpenAsync(hubUrl, Token(1), "bench/latency", (runId, at) =>
                     latency.AddOrUpdate(runId, _ => (double.NaN, Ms(published[runId], at)), (_, v) => (v.WebSocket, Ms(published[runId], at)))))
    {
        await socket.InvokeAsync("Subscribe", "[[\"bench/latency\"]]");
        for (var i = 0; i < 50; i++)
        {
            await Publish("bench/latency"); // warm-up
        }

        await Task.Delay(1_000);
        latency.Clear();
        var first = runIds + 1;
        var total = rate * seconds;
        var start = Stopwatch.GetTimestamp();
        var publishes = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            while (Stopwatch.GetTimestamp() < due - Stopwatch.Frequency / 500)
            {
                await Task.Delay(1);
            }

            publishes.Add(Publish("bench/latency"));
        }

        await Task.WhenAll(publishes);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && latency.Count(l => l.Key >= first && !double.IsNaN(l.Value.WebSocket) && !double.IsNaN(l.Value.Events)) < total)
        {
            await Task.Delay(100);
        }

        var sample = latency.Where(l => l.Key >= first).Select(l => l.Value).ToList();
        Console.WriteLine();
        Console.WriteLine($"1. Bus → client latency at a steady {rate} events/s for {seconds} s ({total} events, run-sized payloads):");
        Report("SignalR WebSockets", sample.Select(s => s.WebSocket).Where(v => !double.IsNaN(v)).ToList(), total);
        Report("/events (SSE)", sample.Select(s => s.Events).Where(v => !double.IsNaN(v)).ToList(), total);
    }

    // 2. Fan-out to N /events connections on one instance.
    var before = HubMemory();
    var heapBefore = await HeapAsync();
    var arrivals = new FanOut(connections);
    var clients = new List<RawSseClient>(connections);
    var opening = Stopwatch.StartNew();
    using (var gate = new SemaphoreSlim(200))
    {
        var opens = Enumerable.Range(0, connections).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var client = await RawSseClient.OpenAsync(hubPort, Token(i % Users), i, arrivals);
                lock (clients)
                {
                    clients.Add(client);
                }
            }
            catch (Exception exception) when (exception is SocketException or IOException or TimeoutException)
            {
                arrivals.Failed();
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        await Task.WhenAll(opens);
    }

    opening.Stop();
    await Task.Delay(3_000);
    var after = HubMemory();
    Console.WriteLine();
    Console.WriteLine($"2. Fan-out on one hub instance, /events connections: {clients.Count:N0} open of {connections:N0} asked"
        + $" ({arrivals.Failures} failed), opened in {opening.Elapsed.TotalSeconds:0.0} s.");
    Console.WriteLine($"   hub memory: RSS {before.Rss / 1048576.0:0} MiB → {after.Rss / 1048576.0:0} MiB"
        + $" = {(after.Rss - before.Rss) / (double)Math.Max(1, clients.Count) / 1024:0.0} KiB per connection (process RSS, includes socket and Kestrel buffers)");
    PrintHeapGrowth(heapBefore, await HeapAsync(), clients.Count);
    var times = new List<double>();
    for (var round = 1; round <= 5; round++)
    {
        arrivals.Expect(round, clients.Count);
        var sent = Stopwatch.GetTimestamp();
        await bus.PublishAsync(Run("bench/fanout", 1_000_000 + round));
        var reached = await arrivals.WaitAllAsync(TimeSpan.FromSeconds(60));
        times.Add(reached is null ? double.NaN : Ms(sent, reached.Value));
        Console.WriteLine($"   event {round}: {(reached is null ? $"NOT all reached within 60 s ({arrivals.Pending} missing)" : $"all {clients.Count:N0} reached in {times[^1]:0} ms")}"
            + $" (first {arrivals.FirstMs(sent):0.0} ms, median {arrivals.MedianMs(sent):0} ms)");
        await Task.Delay(500);
    }

    Figures.Record("4", $"one event to all {connections:N0} /events connections (worst of 5)", times.Contains(double.NaN) ? double.PositiveInfinity : times.Max(), "ms", 1000,
        comparison: $"{clients.Count:N0} open, {arrivals.Failures} failed; median of the 5: {times.Order().ElementAt(2):0} ms");
    Figures.Record("4", "hub memory per /events connection", (after.Rss - before.Rss) / (double)Math.Max(1, clients.Count) / 1024, "KiB", 20);

    foreach (var client in clients)
    {
        client.Dispose();
    }

    // 3. Fan-out to M SignalR WebSocket connections, on a fresh instance so the memory figure is its own.
    hub.Kill(entireProcessTree: true);
    await hub.WaitForExitAsync();
    hub = StartHub();
    await WaitHealthyAsync();
    await Task.Delay(2_000);
    var wsBefore = HubMemory();
    var wsHeapBefore = await HeapAsync();
    var received = new FanOut(webSocketConnections);
    var sockets = new ConcurrentBag<WebSocketClient>();
    var wsOpening = Stopwatch.StartNew();
    using (var gate = new SemaphoreSlim(100))
    {
        await Task.WhenAll(Enumerable.Range(0, webSocketConnections).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var index = i;
                sockets.Add(await WebSocketClient.ConnectAsync(hubUrl, Token(i % Users), (_, at) => received.Arrived(index, at)));
            }
            catch (Exception exception) when (exception is WebSocketException or HttpRequestException or IOException or TimeoutException)
            {
                received.Failed();
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    wsOpening.Stop();
    await Task.Delay(3_000);
    var wsAfter = HubMemory();
    Console.WriteLine();
    Console.WriteLine($"3. Fan-out on one hub instance, SignalR WebSocket connections: {sockets.Count:N0} open of {webSocketConnections:N0}"
        + $" ({received.Failures} failed), opened in {wsOpening.Elapsed.TotalSeconds:0.0} s.");
    Console.WriteLine($"   hub memory: RSS {wsBefore.Rss / 1048576.0:0} MiB → {wsAfter.Rss / 1048576.0:0} MiB"
        + $" = {(wsAfter.Rss - wsBefore.Rss) / (double)Math.Max(1, sockets.Count) / 1024:0.0} KiB per connection");
    PrintHeapGrowth(wsHeapBefore, await HeapAsync(), sockets.Count);
    var wsTimes = new List<double>();
    var wsCpuBefore = HubCpuMilliseconds();
    for (var round = 1; round <= wsRounds; round++)
    {
        received.Expect(round, sockets.Count);
        var sent = Stopwatch.GetTimestamp();
        await bus.PublishAsync(Run("bench/fanout", 2_000_000 + round));
        var reached = await received.WaitAllAsync(TimeSpan.FromSeconds(60));
        wsTimes.Add(reached is null ? double.PositiveInfinity : Ms(sent, reached.Value));
        Console.WriteLine($"   event {round}: {(reached is null ? $"NOT all reached within 60 s ({received.Pending} missing)" : $"all {sockets.Count:N0} reached in {Ms(sent, reached.Value):0} ms")}"
            + $" (median {received.MedianMs(sent):0} ms)");
        await Task.Delay(500);
    }

    // The hub's CPU over the rounds (its 0.5 s pauses included, idle there): what each event costs it for all connections.
    var wsCpu = (HubCpuMilliseconds() - wsCpuBefore) / wsRounds;
    Console.WriteLine($"   hub CPU: {wsCpu:0} ms per event = {wsCpu * 1000 / Math.Max(1, sockets.Count):0.0} µs per connection (user + system, {wsRounds} events)");
    Figures.Record("4", $"hub CPU per event to {webSocketConnections:N0} SignalR WebSocket connections", wsCpu * 1000 / Math.Max(1, sockets.Count), "µs per connection",
        comparison: $"{wsCpu:0} ms per event, {wsRounds} events");
    Figures.Record("4", $"one event to all {webSocketConnections:N0} SignalR WebSocket connections (worst of {wsRounds})", wsTimes.Max(), "ms", 1000,
        comparison: $"{sockets.Count:N0} open, {received.Failures} failed");
    Figures.Record("4", "hub memory per SignalR WebSocket connection", (wsAfter.Rss - wsBefore.Rss) / (double)Math.Max(1, sockets.Count) / 1024, "KiB", 20);

    // A burst: wsBurst events back to back, so each connection's queue holds several while its previous write runs (the
    // load of goal 3, where an event reaches a thousand connections every 5 ms): the hub's cost per message when it is
    // behind, against one event alone above.
    if (wsBurst > 0)
    {
        received.Expect(wsRounds + wsBurst, sockets.Count);
        var burstCpuBefore = HubCpuMilliseconds();
        var burstSent = Stopwatch.GetTimestamp();
        for (var i = 1; i <= wsBurst; i++)
        {
            await bus.PublishAsync(Run("bench/fanout", 2_100_000 + i));
        }

        var burstReached = await received.WaitAllAsync(TimeSpan.FromSeconds(120));
        await Task.Delay(500);
        var burstCpu = (HubCpuMilliseconds() - burstCpuBefore) / wsBurst;
        var burstMs = burstReached is null ? double.PositiveInfinity : Ms(burstSent, burstReached.Value);
        Console.WriteLine($"   burst of {wsBurst} events: {(burstReached is null ? $"NOT all reached within 120 s ({received.Pending} missing)" : $"all {wsBurst} at all {sockets.Count:N0} in {burstMs:0} ms")}; "
            + $"hub CPU {burstCpu:0} ms per event = {burstCpu * 1000 / Math.Max(1, sockets.Count):0.0} µs per connection");
        Figures.Record("3", $"hub CPU per event per SignalR connection, a burst of {wsBurst} events to {sockets.Count:N0}", burstCpu * 1000 / Math.Max(1, sockets.Count),
            "µs per connection", comparison: $"all reached in {burstMs:0} ms; one event alone above: {wsCpu * 1000 / Math.Max(1, sockets.Count):0.0} µs");
    }

    await Task.WhenAll(sockets.Select(s => s.DisposeAsync().AsTask()));
    Console.WriteLine();
    Console.WriteLine("Seed design: \"< 1 s push\". Compare the p99 of (1) plus Webhooks.Api's ingest-to-publish time, and the time-to-all of (2)/(3).");
}
finally
{
    if (publisherHost is not null)
    {
        await publisherHost.StopAsync();
        publisherHost.Dispose();
    }

    if (!hub.HasExited)
    {
        hub.Kill(entireProcessTree: true);
        await hub.WaitForExitAsync();
    }

    await access.StopAsync();
    await rabbitMQ.DisposeAsync();
}

Process StartHub()
{
    var info = new ProcessStartInfo("dotnet", [HubAssembly()])
    {
        UseShellExecute = false,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    var environment = new Dictionary<string, string>
    {
        ["ASPNETCORE_URLS"] = hubUrl.ToString(),
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ConnectionStrings__eventbus"] = rabbitMQ.ConnectionString,
        ["EventBus__ExchangeName"] = exchange,
        ["EventBus__QueueName"] = "realtime-hub",
        ["EventBus__InstanceQueue"] = "true",
        ["Identity__SigningKey"] = signingKey,
        ["services__githubproxy-api__http__0"] = $"http://127.0.0.1:{accessPort}",
        ["GitHubProxy__AccessListApiKey"] = apiKey,
        // Thousands of connections from 100 simulated users: far over the per-session and per-user caps, on purpose.
        ["Realtime__MaxConnectionsPerSession"] = "1000000",
        ["Realtime__MaxConnectionsPerUser"] = "1000000",
        ["Logging__LogLevel__Default"] = "Warning",
        // /health is polled before the queue is bound; that expected "unhealthy" is not news.
        ["Logging__LogLevel__Microsoft.Extensions.Diagnostics.HealthChecks"] = "None",
        ["OTEL_SERVICE_NAME"] = "realtime-hub",
    };
    // --hub-env KEY=VALUE (repeatable): runtime settings to compare side by side, e.g. DOTNET_gcServer=0.
    for (var i = 0; i < args.Length - 1; i++)
    {
        if (args[i] == "--hub-env" && args[i + 1].Split('=', 2) is [{ Length: > 0 } name, var setting])
        {
            environment[name] = setting;
        }
    }

    foreach (var (key, value) in environment)
    {
        info.Environment[key] = value;
    }

    var process = Process.Start(info)!;
    process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) { Console.Error.WriteLine($"[hub] {e.Data}"); } };
    process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) { Console.Error.WriteLine($"[hub] {e.Data}"); } };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

async Task WaitHealthyAsync()
{
    using var http = new HttpClient();
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (DateTime.UtcNow < deadline)
    {
        try
        {
            using var health = await http.GetAsync(new Uri(hubUrl, "/health"));
            if (health.IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(200);
    }

    throw new TimeoutException("The hub did not become healthy within 60 s.");
}

// --heap: the hub's live managed heap by type, before the connections open and while it holds them, and what each
// connection adds by type (dotnet-gcdump report forces a full, compacting collection each time, so the memory and fan-out
// figures of a run with it are not comparable with a run without it).
async Task<IReadOnlyList<HeapType>?> HeapAsync()
{
    if (!args.Contains("--heap"))
    {
        return null;
    }

    var (megabytes, types) = await LiveHeap.ReportAsync(hub.Id, LiveHeap.RepositoryRoot(), CancellationToken.None);
    if (megabytes is null)
    {
        Console.WriteLine("   live heap: dotnet-gcdump could not read it");
        return null;
    }

    Console.WriteLine($"   live heap: {megabytes:0.0} MB; hub RSS after that full collection: {HubMemory().Rss / 1048576.0:0} MiB");
    return types;
}

void PrintHeapGrowth(IReadOnlyList<HeapType>? before, IReadOnlyList<HeapType>? after, int open)
{
    if (before is null || after is null)
    {
        return;
    }

    var earlier = before.GroupBy(type => type.Name).ToDictionary(group => group.Key, group => (Bytes: group.Sum(t => t.Bytes), Count: group.Sum(t => t.Count)));
    var growth = after.GroupBy(type => type.Name)
        .Select(group =>
        {
            var was = earlier.GetValueOrDefault(group.Key);
            return (Name: group.Key, Bytes: group.Sum(t => t.Bytes) - was.Bytes, Count: group.Sum(t => t.Count) - was.Count);
        })
        .OrderByDescending(type => type.Bytes)
        .ToList();
    var total = growth.Sum(type => type.Bytes);
    Console.WriteLine($"   live heap added: {total / 1048576.0:0.0} MB = {total / 1024.0 / Math.Max(1, open):0.00} KiB per connection; by type (bytes and objects per connection):");
    foreach (var type in growth.Take(40))
    {
        Console.WriteLine($"     {type.Bytes / (double)Math.Max(1, open),8:0} B {type.Count / (double)Math.Max(1, open),6:0.00}  {type.Name}");
    }

    // By owner: the first namespace in the type's name that says whose object it is (a task's state machine belongs to
    // the method it runs), else its assembly.
    Console.WriteLine("   by owner (bytes per connection):");
    foreach (var owner in growth.GroupBy(type => HeapOwners.Of(type.Name))
        .Select(group => (Owner: group.Key, Bytes: group.Sum(type => type.Bytes)))
        .OrderByDescending(owner => owner.Bytes)
        .Take(15))
    {
        Console.WriteLine($"     {owner.Bytes / (double)Math.Max(1, open),8:0} B  {owner.Owner}");
    }
}

// utime + stime of the hub process (/proc/PID/stat fields 14 and 15, in clock ticks of 10 ms).
double HubCpuMilliseconds()
{
    var stat = File.ReadAllText($"/proc/{hub.Id}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
}

(long Rss, long Unused) HubMemory()
{
    var status = File.ReadAllLines($"/proc/{hub.Id}/status");
    var rss = status.First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return (long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024, 0);
}

static string HubAssembly()
{
#if DEBUG
    const string configuration = "Debug";
#else
    const string configuration = "Release";
#endif
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        var candidate = Path.Combine(directory.FullName, "Realtime.Hub", "bin", configuration, "net10.0", "Realtime.Hub.dll");
        if (File.Exists(candidate))
        {
            return candidate;
        }
    }

    throw new FileNotFoundException("Realtime.Hub.dll not found: build Realtime.Hub first.");
}

static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

static void Report(string name, List<double> values, int expected)
{
    values.Sort();
    double P(double q) => Percentile.OfSorted(values, q);
    Console.WriteLine($"   {name,-20} p50 {P(0.50),7:0.0} ms   p90 {P(0.90),7:0.0} ms   p99 {P(0.99),7:0.0} ms   max {P(1),7:0.0} ms"
        + $"   received {values.Count}/{expected}");
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static WorkflowRunChanged Run(string repository, long runId) => new()
{
    DeliveryId = Guid.NewGuid().ToString(),
    Action = "in_progress",
    Repository = new RepositoryReference(1, repository, "bench", repository.Split('/')[1]),
    RunId = runId,
    RunAttempt = 1,
    RunNumber = runId,
    WorkflowId = 161335,
    Name = "CI",
    WorkflowName = "CI",
    DisplayTitle = "Benchmark the live updates",
    Event = "push",
    HeadBranch = "main",
    HeadSha = "acb5820ced9479c074f688cc328bf03f341a511d",
    CommitMessage = "Benchmark the live updates",
    Actor = "octocat",
    Status = "in_progress",
    CreatedAt = DateTimeOffset.UtcNow,
    StartedAt = DateTimeOffset.UtcNow,
    UpdatedAt = DateTimeOffset.UtcNow,
    HtmlUrl = $"https://github.com/{repository}/actions/runs/{runId}",
    PullRequestNumbers = [],
};

/// <summary>When each of N clients got the event of the current round.</summary>
internal sealed class FanOut(int capacity)
{
    private readonly long[] _arrivals = new long[capacity];
    private readonly int[] _rounds = new int[capacity];
    private int _round;
    private int _pending;
    private int _failures;
    private TaskCompletionSource<long> _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Failures => _failures;

    public int Pending => Volatile.Read(ref _pending);

    public void Failed() => Interlocked.Increment(ref _failures);

    public void Expect(int round, int clients)
    {
        _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Array.Clear(_arrivals);
        Volatile.Write(ref _pending, clients);
        Volatile.Write(ref _round, round);
    }

    /// <summary>Client <paramref name="index"/> read one more event.</summary>
    public void Arrived(int index, long at)
    {
        var seen = Interlocked.Increment(ref _rounds[index]);
        if (seen == Volatile.Read(ref _round))
        {
            _arrivals[index] = at;
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                _all.TrySetResult(at);
            }
        }
    }

    public async Task<long?> WaitAllAsync(TimeSpan timeout)
    {
        try
        {
            return await _all.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public double FirstMs(long sent) => _arrivals.Where(a => a > 0).Select(a => (a - sent) * 1000.0 / Stopwatch.Frequency).DefaultIfEmpty(double.NaN).Min();

    public double MedianMs(long sent)
    {
        var times = _arrivals.Where(a => a > 0).Select(a => (a - sent) * 1000.0 / Stopwatch.Frequency).Order().ToList();
        return times.Count == 0 ? double.NaN : times[times.Count / 2];
    }
}

/// <summary>A minimal /events client on a raw socket (10,000 of them fit in one process): counts <c>event: run</c> frames.</summary>
internal sealed class RawSseClient : IDisposable
{
    private static readonly byte[] Marker = "event: run"u8.ToArray();
    private readonly Socket _socket;

    private RawSseClient(Socket socket) => _socket = socket;

    public static async Task<RawSseClient> OpenAsync(int port, string token, int index, FanOut fanOut)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var request = $"GET /events?repo=bench/fanout HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\nX-Internal-Identity: {token}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(30));
        var head = Encoding.ASCII.GetString(buffer, 0, received);
        if (!head.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
        {
            socket.Dispose();
            throw new IOException($"/events answered: {head.Split('\r')[0]}");
        }

        _ = Task.Run(() => ReadAsync(socket, buffer, index, fanOut));
        return new RawSseClient(socket);
    }

    private static async Task ReadAsync(Socket socket, byte[] buffer, int index, FanOut fanOut)
    {
        try
        {
            while (true)
            {
                var count = await socket.ReceiveAsync(buffer);
                if (count == 0)
                {
                    return;
                }

                var at = Stopwatch.GetTimestamp();
                var span = buffer.AsSpan(0, count);
                int found;
                while ((found = span.IndexOf(Marker)) >= 0)
                {
                    fanOut.Arrived(index, at);
                    span = span[(found + Marker.Length)..];
                }
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
        }
    }

    public void Dispose() => _socket.Dispose();
}

/// <summary>A /events client on HttpClient for the latency run: reports each run's id and arrival time.</summary>
internal sealed class SseClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private SseClient(HttpClient http, HttpResponseMessage response, Action<long, long> onRun)
    {
        _http = http;
        _loop = Task.Run(async () =>
        {
            try
            {
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    if (line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        var at = Stopwatch.GetTimestamp();
                        onRun((long)JsonNode.Parse(line.AsSpan(6).ToString())!["run"]!["id"]!, at);
                    }
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
            {
            }
        });
    }

    public static async Task<SseClient> OpenAsync(Uri hub, string token, string repository, Action<long, long> onRun)
    {
        var http = new HttpClient { BaseAddress = hub, Timeout = Timeout.InfiniteTimeSpan };
        var request = new HttpRequestMessage(HttpMethod.Get, $"/events?repo={repository}");
        request.Headers.Add("X-Internal-Identity", token);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new SseClient(http, response, onRun);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop;
        _http.Dispose();
    }
}

/// <summary>SignalR's JSON protocol over a WebSocket (negotiate, handshake, \u001e records); reports run ids on arrival.</summary>
internal sealed class WebSocketClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonNode?>> _calls = new();
    private int _ids;

    private WebSocketClient(ClientWebSocket socket, Action<long, long> onRun, TaskCompletionSource handshake)
    {
        _socket = socket;
        _loop = Task.Run(async () =>
        {
            var buffer = new byte[16 * 1024];
            var text = new StringBuilder();
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    var at = Stopwatch.GetTimestamp();
                    text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                    var all = text.ToString();
                    var last = all.LastIndexOf('\u001e');
                    if (last < 0)
                    {
                        continue;
                    }

                    text.Clear().Append(all[(last + 1)..]);
                    foreach (var record in all[..last].Split('\u001e'))
                    {
                        var message = JsonNode.Parse(record)!.AsObject();
                        if (!handshake.Task.IsCompleted)
                        {
                            handshake.TrySetResult();
                        }
                        else if ((int?)message["type"] == 1 && (string?)message["target"] == "run")
                        {
                            onRun((long)message["arguments"]![0]!["run"]!["id"]!, at);
                        }
                        else if ((int?)message["type"] == 3 && _calls.TryRemove((string)message["invocationId"]!, out var call))
                        {
                            call.TrySetResult(message["result"]);
                        }
                    }
                }
            }
            catch (WebSocketException)
            {
            }
        });
    }

    public static async Task<WebSocketClient> ConnectAsync(Uri hub, string token, Action<long, long> onRun)
    {
        using var http = new HttpClient { BaseAddress = hub };
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/ws/negotiate?negotiateVersion=1");
        negotiate.Headers.Add("X-Internal-Identity", token);
        using var negotiated = await http.SendAsync(negotiate);
        negotiated.EnsureSuccessStatusCode();
        var connectionToken = (string)JsonNode.Parse(await negotiated.Content.ReadAsStringAsync())!["connectionToken"]!;
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-Internal-Identity", token);
        await socket.ConnectAsync(new Uri($"ws://{hub.Authority}/ws?id={Uri.EscapeDataString(connectionToken)}"), CancellationToken.None);
        var handshake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = new WebSocketClient(socket, onRun, handshake);
        await socket.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        await handshake.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return client;
    }

    public async Task<JsonNode?> InvokeAsync(string target, string argumentsJson)
    {
        var id = Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture);
        var call = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = call;
        var message = $"{{\"type\":1,\"invocationId\":\"{id}\",\"target\":\"{target}\",\"arguments\":{argumentsJson}}}\u001e";
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
        return await call.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
        }

        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
        }
    }
}

internal static class HeapOwners
{
    // Most specific first.
    private static readonly string[] Namespaces =
    [
        "Realtime.Hub", "Microsoft.AspNetCore.SignalR", "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Authentication", "Microsoft.AspNetCore.Authorization", "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http", "System.Net.WebSockets", "System.Net.Sockets", "System.IO.Pipelines",
        "System.Threading.Channels", "System.Security.Claims", "Microsoft.Extensions.Logging", "Microsoft.Extensions.Primitives",
        "Microsoft.Extensions.DependencyInjection", "System.Diagnostics",
    ];

    /// <summary>
    /// Whose object a live type is: the namespace the type (for a task's state machine box, the method it runs) is in,
    /// else the first of <see cref="Namespaces"/> its generic arguments mention, else its assembly.
    /// </summary>
    public static string Of(string type)
    {
        var name = type.StartsWith("AsyncStateMachineBox<", StringComparison.Ordinal) || type.StartsWith("StateMachineBox<", StringComparison.Ordinal)
            ? type[(type.IndexOf(',', StringComparison.Ordinal) + 1)..]
            : type;
        var declared = name.Split('<')[0];
        return Namespaces.FirstOrDefault(space => declared.StartsWith(space, StringComparison.Ordinal))
            ?? Namespaces.FirstOrDefault(space => name.Contains(space, StringComparison.Ordinal))
            ?? type[(type.LastIndexOf('[') + 1)..].TrimEnd(']');
    }
}
