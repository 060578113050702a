using System.Net;
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
            await Eventually.WaitForAsync(() => HasWebhookTrace(second), found => found, TimeSpan.FromSeconds(90),
                "for a webhook's trace across gateway, webhooks-api and realtime-hub in the dashboard");
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

    /// <summary>A trace, among realtime-hub's, that has spans of the gateway, webhooks-api and realtime-hub.</summary>
    private static async Task<bool> HasWebhookTrace(AppHostProcess app)
    {
        var spans = await app.TelemetryAsync("/api/telemetry/spans?resource=realtime-hub");
        var traceIds = Spans(spans).Where(s => s.Name.Contains("WorkflowRunChanged", StringComparison.Ordinal)).Select(s => s.TraceId).Distinct().Take(5).ToList();
        foreach (var traceId in traceIds)
        {
            var services = Spans(await app.TelemetryAsync($"/api/telemetry/traces/{traceId}")).Select(s => s.Service).ToHashSet();
            if (services.IsSupersetOf(["gateway", "webhooks-api", "realtime-hub"]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>(service, trace id, span name) of an OTLP JSON answer.</summary>
    private static IEnumerable<(string Service, string TraceId, string Name)> Spans(System.Text.Json.Nodes.JsonNode answer) =>
        from resourceSpans in (answer["data"] ?? answer)["resourceSpans"]!.AsArray()
        let service = resourceSpans!["resource"]?["attributes"]?.AsArray()
            .FirstOrDefault(a => (string?)a!["key"] == "service.name")?["value"]?["stringValue"]?.GetValue<string>() ?? ""
        from scopeSpans in resourceSpans["scopeSpans"]!.AsArray()
        from span in scopeSpans!["spans"]!.AsArray()
        select (service, (string)span!["traceId"]!, (string)span["name"]!);
}
