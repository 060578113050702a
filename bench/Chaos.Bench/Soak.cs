using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using ActionsDashboard.Bench.Shared;
using ActionsDashboard.Benchmarks;
using Aspire.Hosting.Testing;

/// <summary>
/// #20 item 2: the whole application under a long mixed load (webhooks through the gateway, signed-in browsers refreshing
/// <c>/api/dashboard</c>, many <c>/events</c> streams that reconnect now and then) with every service's and server's
/// memory, file descriptors and threads sampled on a schedule; a process whose memory keeps growing fails the run.
/// </summary>
internal static class Soak
{
    private static readonly string[] Resources =
        ["gateway", "auth-api", "githubproxy-api", "webhooks-api", "realtime-hub", "web", "postgres", "redis", "eventbus"];

    /// <summary>Simulator users who can read octo-org/octo-repo (GitHub.Simulator/Model/WorldDefinition.cs).</summary>
    private static readonly string[] Logins = ["octocat", "monalisa"];

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var data = Directory.CreateTempSubdirectory("soak-bench-");
        try
        {
            var starting = Stopwatch.StartNew();
            await using var app = await TestingAppHost.StartAsync(data.FullName, TimeSpan.FromMinutes(5), liftGatewayRateLimits: true,
                $"--GitHub:WebhookSecret={secret}");
            Console.WriteLine($"Whole application healthy in {starting.Elapsed.TotalSeconds:0} s (data in {data.FullName}).");
            var gateway = TestingAppHost.Endpoint(app, "gateway");
            // Browsers use the gateway's own address (localhost): the sign-in's callback comes back to it, and cookies set
            // for 127.0.0.1 would not go to localhost (the state check answers 400).
            var site = app.GetEndpoint("gateway", "http");

            var browsers = new List<Browser>();
            for (var i = 0; i < options.Browsers; i++)
            {
                var browser = await Browser.SignInAsync(site, Logins[i % Logins.Length]);
                await browser.SelectAsync(Chaos.Repository);
                browsers.Add(browser);
            }

            Console.WriteLine($"{browsers.Count} browsers signed in.");
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(options.Minutes));
            var dashboards = new ConcurrentDictionary<int, int>();
            var refreshes = browsers.Select((b, i) => RefreshAsync(b, i, dashboards, stop.Token)).ToList();
            var streamLog = new LiveLog();
            var streams = Enumerable.Range(0, options.Streams).Select(i => StreamAsync(browsers[i % browsers.Count], i, streamLog, stop.Token)).ToList();
            using var sender = new WebhookSender(gateway, secret, Chaos.RepositoryId, Chaos.Repository);
            var load = sender.RunAsync(options.Rate, int.MaxValue, stop.Token);

            var samples = Resources.ToDictionary(r => r, _ => new List<ProcessSample>());
            var heaps = new Dictionary<string, List<(double Minute, double Mb)>>();
            var clock = Stopwatch.StartNew();
            var repositoryRoot = LiveHeap.RepositoryRoot();
            async Task MeasureLiveHeapsAsync()
            {
                foreach (var resource in Resources)
                {
                    if (AppProcesses.RootPid(app, resource) is { } root && LiveHeap.ServicePid(AppProcesses.Tree(root)) is { } pid
                        && await LiveHeap.MeasureAsync(pid, repositoryRoot, CancellationToken.None) is { } mb)
                    {
                        (heaps.TryGetValue(resource, out var list) ? list : heaps[resource] = []).Add((clock.Elapsed.TotalMinutes, mb));
                    }
                }
            }

            var warmUpMeasured = false;
            while (!stop.IsCancellationRequested)
            {
                // The live heaps once the warm-up (the first fifth) is over, and again at the end.
                if (!warmUpMeasured && clock.Elapsed.TotalMinutes >= options.Minutes / 5.0)
                {
                    warmUpMeasured = true;
                    await MeasureLiveHeapsAsync();
                }

                foreach (var resource in Resources)
                {
                    if (AppProcesses.RootPid(app, resource) is { } root)
                    {
                        samples[resource].Add(ProcessSample.Take(AppProcesses.Tree(root), clock.Elapsed.TotalMinutes));
                    }
                }

                var deliveries = sender.Deliveries.Values;
                Console.WriteLine($"{clock.Elapsed.TotalMinutes,5:0.0} min  webhooks {deliveries.Count} ({deliveries.Count(d => d.Acknowledged)} acknowledged)"
                    + $"  dashboards {string.Join(", ", dashboards.OrderBy(d => d.Key).Select(d => $"{d.Key} ×{d.Value}"))}"
                    + $"  /events reconnections {streamLog.Reconnects}  PSS MB: "
                    + string.Join(", ", samples.Select(s => $"{s.Key} {s.Value.LastOrDefault()?.PssMb:0}")));
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(options.SampleSeconds), stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }

            foreach (var resource in Resources)
            {
                if (AppProcesses.RootPid(app, resource) is { } root)
                {
                    samples[resource].Add(ProcessSample.Take(AppProcesses.Tree(root), clock.Elapsed.TotalMinutes));
                }
            }

            await MeasureLiveHeapsAsync();
            await load;
            await Task.WhenAll(refreshes.Concat(streams));
            foreach (var browser in browsers)
            {
                browser.Dispose();
            }

            return Report(options, samples, heaps, sender, dashboards, streamLog);
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
    }

    private static int Report(BenchOptions options, Dictionary<string, List<ProcessSample>> samples,
        Dictionary<string, List<(double Minute, double Mb)>> heaps, WebhookSender sender,
        ConcurrentDictionary<int, int> dashboards, LiveLog streams)
    {
        var deliveries = sender.Deliveries.Values.ToList();
        Console.WriteLine();
        Console.WriteLine($"Soak: {options.Minutes} min, webhooks at {options.Rate}/s ({deliveries.Count} sent, {deliveries.Count(d => d.Acknowledged)} acknowledged),"
            + $" {options.Browsers} browsers refreshing /api/dashboard ({string.Join(", ", dashboards.OrderBy(d => d.Key).Select(d => $"{d.Key} ×{d.Value}"))}),"
            + $" {options.Streams} /events streams ({streams.Reconnects} reconnections, {streams.Entities.Count} runs and jobs seen). Samples every {options.SampleSeconds} s.");
        Console.WriteLine();
        Console.WriteLine("| process | PSS first → last (MB) | RSS last (MB) | PSS slope after warm-up (MB/min) | last third (MB/min) | live heap after warm-up → end (MB/min) | fds first → last | threads first → last | verdict |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var failed = false;
        foreach (var (resource, list) in samples)
        {
            if (list.Count < 2)
            {
                continue;
            }

            // Warm-up: the first fifth of the run (at least the first sample) is left out of the slope.
            var warm = list.Skip(Math.Max(1, list.Count / 5)).ToList();
            var slope = Slope(warm);
            var lastThird = Slope(list.Skip(list.Count * 2 / 3).ToList());
            var pssGrowing = slope > options.SlopeLimitMbPerMinute && lastThird > options.SlopeLimitMbPerMinute;
            // A .NET service is judged by its live heap (after a full collection) when it could be read: PSS also counts
            // what the collector keeps committed, which grows and shrinks with load. The others by PSS.
            string heap = "–", verdict;
            bool growing;
            if (heaps.TryGetValue(resource, out var live) && live.Count >= 2 && live[^1].Minute > live[0].Minute)
            {
                var heapSlope = (live[^1].Mb - live[0].Mb) / (live[^1].Minute - live[0].Minute);
                heap = $"{live[0].Mb:0.0} → {live[^1].Mb:0.0} ({heapSlope:+0.00;-0.00;0.00})";
                growing = heapSlope > options.SlopeLimitMbPerMinute;
                verdict = growing ? "GROWING (live heap)" : pssGrowing ? "ok (PSS up, live heap not: the collector's slack)" : "ok";
            }
            else
            {
                growing = pssGrowing;
                verdict = growing ? "GROWING" : "ok";
            }

            failed |= growing;
            Console.WriteLine($"| {resource} | {list[0].PssMb:0} → {list[^1].PssMb:0} | {list[^1].RssMb:0} | {slope:+0.00;-0.00;0.00} | {lastThird:+0.00;-0.00;0.00}"
                + $" | {heap} | {list[0].Fds} → {list[^1].Fds} | {list[0].Threads} → {list[^1].Threads} | {verdict} |");
            Figures.Record("soak", $"{resource} PSS slope, {options.Minutes} min soak", slope, "MB/min", options.SlopeLimitMbPerMinute,
                comparison: $"PSS {list[0].PssMb:0} → {list[^1].PssMb:0} MB, last third {lastThird:+0.00;-0.00} MB/min");
        }

        Console.WriteLine(failed
            ? $"FAILED: a process's memory grew by more than {options.SlopeLimitMbPerMinute} MB/min after the warm-up (a .NET service's live heap; another's PSS, and still in the last third)."
            : $"No process grew by more than {options.SlopeLimitMbPerMinute} MB/min after the warm-up (a .NET service's live heap; another's PSS, and in the last third).");
        return failed ? 1 : 0;
    }

    /// <summary>Least-squares slope of PSS against time, MB per minute (0 with fewer than two samples).</summary>
    private static double Slope(List<ProcessSample> samples)
    {
        if (samples.Count < 2)
        {
            return 0;
        }

        var meanX = samples.Average(s => s.Minute);
        var meanY = samples.Average(s => s.PssMb);
        var covariance = samples.Sum(s => (s.Minute - meanX) * (s.PssMb - meanY));
        var variance = samples.Sum(s => (s.Minute - meanX) * (s.Minute - meanX));
        return variance == 0 ? 0 : covariance / variance;
    }

    /// <summary>A browser refreshing the dashboard every 5 s (±1 s), counting the answers by status.</summary>
    private static async Task RefreshAsync(Browser browser, int index, ConcurrentDictionary<int, int> statuses, CancellationToken stop)
    {
        var random = new Random(index);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await browser.Http.GetAsync("/api/dashboard", stop);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                await Task.Delay(4_000 + random.Next(2_000), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException)
            {
                statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
            }
        }
    }

    /// <summary>An <c>/events</c> stream that the client drops after 30–120 s and opens again with <c>Last-Event-ID</c>.</summary>
    private static async Task StreamAsync(Browser browser, int index, LiveLog log, CancellationToken stop)
    {
        var random = new Random(1000 + index);
        string? lastEventId = null;
        while (!stop.IsCancellationRequested)
        {
            using var life = CancellationTokenSource.CreateLinkedTokenSource(stop);
            life.CancelAfter(TimeSpan.FromSeconds(30 + random.Next(90)));
            var own = new LiveLog { LastEventId = lastEventId };
            await EventsClient.RunAsync(browser.Http, Chaos.Repository, own, life.Token);
            foreach (var entity in own.Entities.Keys)
            {
                log.Entities.TryAdd(entity, 1);
            }

            lastEventId = own.LastEventId;
            Interlocked.Increment(ref log.Reconnects);
        }
    }
}
