using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;

namespace ActionsDashboard.EndToEndTests;

/// <summary>The AppHost as a process, as <c>./run.sh</c> starts it: the real dashboard with its login link, the
/// gateway on its port, a clean stop on SIGTERM, and a clean second start after a <c>kill -9</c>.</summary>
[Collection(AppHostCollection.Name)]
public class ShutdownTests
{
    [Fact]
    public async Task After_a_kill_9_a_second_start_comes_up_and_SIGTERM_stops_every_process_it_started()
    {
        var data = Directory.CreateTempSubdirectory("apphost-process-");
        try
        {
            await using (var first = await AppHostProcess.StartAsync(data.FullName))
            {
                await first.WaitHealthyAsync();
                first.Kill9();
            }

            await using var second = await AppHostProcess.StartAsync(data.FullName);
            await second.WaitHealthyAsync();

            // The real dashboard: its login link signs in (the resources page is served), a wrong token does not.
            var dashboard = new Uri(second.DashboardLoginUrl);
            using var signedIn = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseProxy = false, AllowAutoRedirect = false });
            (await signedIn.GetAsync(dashboard)).Dispose();
            using var home = await signedIn.GetAsync(new Uri(dashboard, "/"));
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            using var wrong = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseProxy = false, AllowAutoRedirect = false });
            (await wrong.GetAsync(new Uri(dashboard, "/login?t=not-the-token"))).Dispose();
            using var refused = await wrong.GetAsync(new Uri(dashboard, "/"));
            Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);

            // Telemetry reaches the dashboard: every service's logs, traces and metrics, and a webhook the demo
            // scenario sends is one trace from the gateway through webhooks-api and the broker to realtime-hub.
            await Eventually.WaitForAsync(() => WebhookTracesAsync(second), traces => traces.Any(t => t.Services.IsSupersetOf(["gateway", "webhooks-api", "realtime-hub"])), TimeSpan.FromSeconds(90),
                "for a webhook's trace across gateway, webhooks-api and realtime-hub in the dashboard");
            await AssertDashboardAndRerunTracesAsync(second);
            var resources = (await second.TelemetryAsync("/api/telemetry/resources")).AsArray();
            foreach (var service in new[] { "gateway", "auth-api", "githubproxy-api", "webhooks-api", "realtime-hub", "web" })
            {
                var telemetry = resources.Single(r => (string?)r!["name"] == service)!;
                Assert.True((bool)telemetry["hasLogs"]! && (bool)telemetry["hasMetrics"]!, $"{service} sends logs and metrics");
            }

            var started = second.StartedProcesses();
            Assert.Contains(started, p => p.Command.Contains("postgres -D", StringComparison.Ordinal));
            Assert.Contains(started, p => p.Command.Contains("redis-server", StringComparison.Ordinal));
            Assert.Contains(started, p => p.Command.Contains("beam.smp", StringComparison.Ordinal));
            Assert.Contains(started, p => p.Command.EndsWith("/Gateway", StringComparison.Ordinal));

            Assert.Equal(0, await second.StopAsync());

            string Survivors() => string.Join("; ", started.Where(p => MachineProcesses.IsAlive(p.Pid)).Select(p => $"{p.Pid} {p.Command}"));
            await Eventually.WaitForAsync(() => Task.FromResult(Survivors()), s => s.Length == 0, TimeSpan.FromSeconds(60), "for every process the AppHost started to stop");
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A browser's <c>GET /api/dashboard</c> is one trace: the gateway, githubproxy-api, and githubproxy-api's PostgreSQL
    /// and Redis commands. A re-run is one trace through the gateway, githubproxy-api, auth-api (the user's GitHub token:
    /// a fresh session, so it is fetched in this request) and the GitHub simulator.
    /// </summary>
    private static async Task AssertDashboardAndRerunTracesAsync(AppHostProcess app)
    {
        const string repository = "octo-org/octo-repo";
        long runId;
        using (var reader = await GatewaySession.SignInAsync(app.GatewayUrl, "octocat"))
        {
            await GatewaySession.SelectAsync(reader, repository);

            using (var dashboardRequest = await reader.GetAsync("/api/dashboard"))
            {
                Assert.Equal(HttpStatusCode.OK, dashboardRequest.StatusCode);
            }

            // A run of the demo scenario's to re-run.
            runId = await Eventually.WaitForAsync(async () =>
                {
                    var runs = await reader.GetFromJsonAsync<JsonObject>($"/api/repos/{repository}/runs?perPage=1");
                    return (long?)runs!["runs"]!.AsArray().FirstOrDefault()?["id"];
                }, id => id is not null, TimeSpan.FromSeconds(60), $"for a run in {repository}") ?? 0;
        }

        // Each service exports its spans on its own schedule: wait for the whole trace.
        await Eventually.WaitForAsync(() => TraceOfAsync(app, "githubproxy-api", name => name == "GET /api/dashboard"),
            t => t is not null && t.Services.IsSupersetOf(["gateway", "githubproxy-api"]) && t.Databases.IsSupersetOf(["postgresql", "redis"]),
            TimeSpan.FromSeconds(30), "for one trace of GET /api/dashboard through the gateway and githubproxy-api to PostgreSQL and Redis");

        // A new session's first request, so githubproxy-api asks auth-api for its GitHub token within the re-run. GitHub
        // may refuse the re-run of a run still in progress; the request goes the same way either way.
        using (var writer = await GatewaySession.SignInAsync(app.GatewayUrl, "octocat"))
        {
            using var rerun = await writer.PostAsync($"/api/repos/{repository}/runs/{runId}/rerun", null);
            Assert.True((int)rerun.StatusCode < 500 && rerun.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                $"the re-run answered {(int)rerun.StatusCode}: {await rerun.Content.ReadAsStringAsync()}");
        }

        await Eventually.WaitForAsync(() => TraceOfAsync(app, "githubproxy-api",
                name => name.StartsWith("POST /api/repos/", StringComparison.Ordinal) && name.EndsWith("/rerun", StringComparison.Ordinal)),
            t => t is not null && t.Services.IsSupersetOf(["gateway", "githubproxy-api", "auth-api", "github-simulator"]),
            TimeSpan.FromSeconds(30), "for one trace of a re-run through the gateway, githubproxy-api, auth-api and the GitHub simulator");
    }

    /// <summary>The spans of the newest trace in which <paramref name="service"/> has a span whose name matches.</summary>
    private static async Task<Trace?> TraceOfAsync(AppHostProcess app, string service, Func<string, bool> spanName)
    {
        var traceId = Spans(await app.TelemetryAsync($"/api/telemetry/spans?resource={service}&limit=10000"))
            .LastOrDefault(s => spanName(s.Name))?.TraceId;
        return traceId is null ? null : new Trace(Spans(await app.TelemetryAsync($"/api/telemetry/traces/{traceId}")).ToList());
    }

    /// <summary>
    /// The traces of realtime-hub's newest webhook deliveries, each to be checked for spans of the gateway, webhooks-api and
    /// realtime-hub. Not its oldest: after the <c>kill -9</c> the second start delivers what the first had accepted, and
    /// those traces began in the first start's gateway, whose spans went to a dashboard that is gone.
    /// </summary>
    private static async Task<WebhookTraces> WebhookTracesAsync(AppHostProcess app)
    {
        var spans = await app.TelemetryAsync("/api/telemetry/spans?resource=realtime-hub&limit=10000");
        var traceIds = Spans(spans).Where(s => s.Name.Contains("WorkflowRunChanged", StringComparison.Ordinal)).Select(s => s.TraceId)
            .Reverse().Distinct().Take(10).ToList();
        var traces = new WebhookTraces();
        foreach (var traceId in traceIds)
        {
            traces.Add(new Trace(Spans(await app.TelemetryAsync($"/api/telemetry/traces/{traceId}")).ToList()));
        }

        return traces;
    }

    /// <summary>Realtime-hub's newest webhook traces; printed when none crosses every service.</summary>
    private sealed class WebhookTraces : List<Trace>
    {
        public override string ToString() => Count == 0 ? "no WorkflowRunChanged span in realtime-hub" : string.Join(" | ", this);
    }

    /// <summary>The spans of an OTLP JSON answer: service, trace id, name, and the database a client span talks to.</summary>
    private static IEnumerable<Span> Spans(JsonNode answer) =>
        from resourceSpans in (answer["data"] ?? answer)["resourceSpans"]!.AsArray()
        let service = Attribute(resourceSpans!["resource"]?["attributes"], "service.name") ?? ""
        from scopeSpans in resourceSpans["scopeSpans"]!.AsArray()
        from span in scopeSpans!["spans"]!.AsArray()
        select new Span(service, (string)span!["traceId"]!, (string)span["name"]!,
            Attribute(span["attributes"], "db.system.name") ?? Attribute(span["attributes"], "db.system"));

    private static string? Attribute(JsonNode? attributes, string key) =>
        attributes?.AsArray().FirstOrDefault(a => (string?)a!["key"] == key)?["value"]?["stringValue"]?.GetValue<string>();

    private sealed record Span(string Service, string TraceId, string Name, string? DbSystem);

    /// <summary>One trace's spans: the services they come from and the databases its client spans talk to.</summary>
    private sealed record Trace(List<Span> Spans)
    {
        public HashSet<string> Services => Spans.Select(s => s.Service).ToHashSet();

        public HashSet<string> Databases => Spans.Select(s => s.DbSystem).OfType<string>().ToHashSet();

        public override string ToString() => $"services {string.Join(", ", Services)}; databases {string.Join(", ", Databases)}";
    }
}
