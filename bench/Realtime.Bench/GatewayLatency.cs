using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ActionsDashboard.Bench.Shared;
using ActionsDashboard.Benchmarks;
using ActionsDashboard.TestInfrastructure;

/// <summary>
/// The whole path, through the whole application started from the AppHost (on Aspire's testing builder, in this
/// process): signed <c>workflow_run</c> webhooks POSTed at the gateway at a steady rate → Webhooks.Api (signature, de-duplication, PostgreSQL outbox) → RabbitMQ →
/// Realtime.Hub → a browser signed in through the simulator, on <c>/events</c> through the gateway; optionally with other
/// subscribers to the same repository (<see cref="OtherSubscribers"/>) and a phase in chromium (<see cref="BrowserLatency"/>).
/// </summary>
internal static class GatewayLatency
{
    private const string Repository = "octo-org/octo-repo";

    /// <summary>octo-org/octo-repo's id in the simulator's world (GitHub.Simulator/Model/WorldDefinition.cs): the hub sends an
    /// event only to connections whose access list has the event's repository under that id.</summary>
    private const long RepositoryId = SimulatorWorld.RepositoryId;

    public static async Task RunAsync(int rate, int seconds, int subscribers, int browserRate, int browserSeconds)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var data = Directory.CreateTempSubdirectory("realtime-bench-");
        try
        {
            var starting = Stopwatch.StartNew();
            // Given to the AppHost, the secret is used by both the simulator and Webhooks.Api: the bench signs with it.
            await using var app = await TestingAppHost.StartAsync(data.FullName, TimeSpan.FromMinutes(4), liftGatewayRateLimits: true,
                $"--GitHub:WebhookSecret={secret}");
            Console.WriteLine($"Whole application healthy in {starting.Elapsed.TotalSeconds:0} s.");
            // Signed in under "localhost": GitHub (the simulator) sends the browser back to the callback URL the AppHost gives,
            // on localhost, and a session cookie set for 127.0.0.1 would not be sent there.
            var gateway = new UriBuilder(TestingAppHost.Endpoint(app, "gateway")) { Host = "localhost" }.Uri;

            var cookies = new CookieContainer();
            using var browser = new HttpClient(new BrowserCookieHandler(cookies, followRedirects: true))
            {
                BaseAddress = gateway,
                Timeout = Timeout.InfiniteTimeSpan,
            };
            (await browser.GetAsync("/auth/github?returnUrl=/&login=octocat")).EnsureSuccessStatusCode();
            var csrf = (string)JsonNode.Parse(await browser.GetStringAsync("/auth/session"))!["csrfToken"]!;
            browser.DefaultRequestHeaders.Add("X-CSRF-Token", csrf);
            (await browser.GetAsync("/api/repos")).EnsureSuccessStatusCode();
            (await browser.PutAsJsonAsync("/api/settings", new
            {
                repositories = new[] { new { fullName = Repository, category = (string?)null } },
                pinned = Array.Empty<string>(),
                theme = "system",
                autoRefresh = new { enabled = true, intervalSeconds = 60 },
                notifications = new { failedRunsOnPinned = false },
            })).EnsureSuccessStatusCode();

            var sent = new ConcurrentDictionary<long, long>();
            var sentUnixMs = new ConcurrentDictionary<long, double>();
            var latencies = new ConcurrentDictionary<long, double>();
            using var stream = await OpenAsync(browser, (runId, at) =>
            {
                if (sent.TryGetValue(runId, out var start))
                {
                    latencies.TryAdd(runId, (at - start) * 1000.0 / Stopwatch.Frequency);
                }
            });

            await using var others = await OtherSubscribers.OpenAsync(gateway, cookies, csrf, Repository, subscribers);

            var template = JsonNode.Parse(File.ReadAllBytes(Samples("workflow_run.requested.json")))!;
            using var github = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 64 }) { BaseAddress = gateway };
            var statuses = new ConcurrentDictionary<int, int>();
            async Task PostAsync(long runId)
            {
                var json = template.DeepClone();
                json["workflow_run"]!["id"] = runId;
                json["repository"]!["id"] = RepositoryId;
                json["workflow_run"]!["repository"]!["id"] = RepositoryId;
                json["workflow_run"]!["head_repository"]!["id"] = RepositoryId;
                // Now, so that each run is the newest of its workflow and branch and replaces the dashboard's row.
                var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
                json["workflow_run"]!["created_at"] = now;
                json["workflow_run"]!["updated_at"] = now;
                var body = Encoding.UTF8.GetBytes(json.ToJsonString());
                using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add("X-GitHub-Event", "workflow_run");
                request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
                request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
                request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/realtime-bench");
                sent[runId] = Stopwatch.GetTimestamp();
                sentUnixMs[runId] = UnixMs();
                using var response = await github.SendAsync(request);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            }

            for (var i = 0; i < 100; i++)
            {
                await PostAsync(5_000_000_000L + i); // warm-up
            }

            async Task SendSteadyAsync(long first, int count, int perSecond)
            {
                var begin = Stopwatch.GetTimestamp();
                var posts = new List<Task>(count);
                for (var i = 0; i < count; i++)
                {
                    var due = begin + (long)(i * (double)Stopwatch.Frequency / perSecond);
                    while (Stopwatch.GetTimestamp() < due - Stopwatch.Frequency / 500)
                    {
                        await Task.Delay(1);
                    }

                    posts.Add(PostAsync(first + i));
                }

                await Task.WhenAll(posts);
            }

            await Task.Delay(2_000);
            latencies.Clear();
            statuses.Clear();
            var othersBefore = others.Received;
            var total = rate * seconds;
            var first = 6_000_000_000L;
            await SendSteadyAsync(first, total, rate);
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (DateTime.UtcNow < deadline && latencies.Count(l => l.Key >= first) < total)
            {
                await Task.Delay(100);
            }

            var values = latencies.Where(l => l.Key >= first).Select(l => l.Value).Order().ToList();
            double P(double q) => Percentile.OfSorted(values, q);
            Console.WriteLine();
            Console.WriteLine($"0. Webhook POST at the gateway → event on /events through the gateway, steady {rate}/s for {seconds} s ({total} deliveries):");
            Console.WriteLine($"   p50 {P(0.5):0.0} ms   p90 {P(0.9):0.0} ms   p99 {P(0.99):0.0} ms   max {P(1):0.0} ms   received {values.Count}/{total}"
                + $"   webhook answers: {string.Join(", ", statuses.Select(s => $"{s.Key} x{s.Value}"))}");
            if (subscribers > 0)
            {
                Console.WriteLine($"   other subscribers on {Repository}: {others.EventStreams} /events + {others.WebSockets} /ws through the gateway,"
                    + $" {others.Received - othersBefore} of {(long)total * (others.EventStreams + others.WebSockets)} events received by them by the end");
            }

            var comparison = $"one /events client, {others.EventStreams + others.WebSockets} other subscribers ({others.EventStreams} /events, {others.WebSockets} /ws);"
                + $" p50 {P(0.5):0.0} ms; received {values.Count}/{total}";
            Figures.Record("3", $"webhook POST at the gateway → /events client p50, {rate}/s", P(0.5), "ms", 10, comparison: comparison);
            Figures.Record("3", $"webhook POST at the gateway → /events client p99, {rate}/s", P(0.99), "ms", 25, comparison: comparison);

            if (browserRate > 0)
            {
                await BrowserLatency.RunAsync(gateway, (start, count) => SendSteadyAsync(start, count, browserRate), sentUnixMs,
                    browserRate, browserSeconds, $"{others.EventStreams + others.WebSockets} other subscribers");
            }
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

    private static double UnixMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private static async Task<IDisposable> OpenAsync(HttpClient browser, Action<long, long> onRun)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/events?repo={Repository}");
            var response = await browser.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            string? line;
            bool? subscribed = null;
            while (subscribed is null && (line = await reader.ReadLineAsync()) is not null)
            {
                if (line.StartsWith(": subscribed", StringComparison.Ordinal))
                {
                    subscribed = line.Contains(Repository, StringComparison.OrdinalIgnoreCase);
                }
            }

            var granted = subscribed == true;
            if (granted)
            {
                _ = Task.Run(async () =>
                {
                    try
                    {
                        while (await reader.ReadLineAsync() is { } next)
                        {
                            if (next.StartsWith("data: ", StringComparison.Ordinal))
                            {
                                var at = Stopwatch.GetTimestamp();
                                var run = JsonNode.Parse(next.AsSpan(6).ToString())!["run"];
                                if (run?["id"] is { } id)
                                {
                                    onRun((long)id, at);
                                }
                            }
                        }
                    }
                    catch (Exception exception) when (exception is IOException or ObjectDisposedException or HttpRequestException)
                    {
                    }
                });
                return response;
            }

            response.Dispose();
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"/events never granted {Repository} to octocat (GitHubProxy.Api's access list).");
            }

            await Task.Delay(1_000);
        }
    }

    /// <summary>A webhook sample in <c>samples/github/webhooks</c> of the repository (the folder with ActionsDashboard.sln).</summary>
    private static string Samples(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ActionsDashboard.sln")))
        {
            directory = directory.Parent;
        }

        var candidate = directory is null ? null : Path.Combine(directory.FullName, "samples", "github", "webhooks", name);
        return candidate is not null && File.Exists(candidate)
            ? candidate
            : throw new FileNotFoundException(
                $"{name} not found: expected samples/github/webhooks/{name} in the repository (the folder with ActionsDashboard.sln) above {AppContext.BaseDirectory}.");
    }
}
