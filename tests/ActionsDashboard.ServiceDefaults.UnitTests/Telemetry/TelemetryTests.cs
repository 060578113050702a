using System.Diagnostics;
using System.Text;
using ActionsDashboard.ServiceDefaults.Telemetry;
using ActionsDashboard.ServiceDefaults.UnitTests.Infrastructure;
using ActionsDashboard.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ActionsDashboard.ServiceDefaults.UnitTests.Telemetry;

// Activity listeners are process-wide: a provider in one test would record another test's requests.
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryCollection;

[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Health_and_alive_requests_are_left_out_of_traces_while_other_requests_are_traced()
    {
        var exporter = new InMemoryActivityExporter();
        var builder = TestApps.CreateBuilder();
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new SimpleActivityExportProcessor(exporter)));
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/runs", () => "runs");
        await app.StartAsync();
        using var stopped = new ActivityRecorder("Microsoft.AspNetCore");
        var client = app.GetTestClient();
        var healthTrace = ActivityTraceId.CreateRandom();
        var aliveTrace = ActivityTraceId.CreateRandom();
        var runsTrace = ActivityTraceId.CreateRandom();

        // Sampled parents: without the instrumentation's filter the parent-based sampler would record all three.
        await SendTracedAsync(client, "/health", healthTrace);
        await SendTracedAsync(client, "/alive", aliveTrace);
        await SendTracedAsync(client, "/runs", runsTrace);
        await Eventually.WaitUntilAsync(
            () => stopped.HasStopped(healthTrace) && stopped.HasStopped(aliveTrace) && stopped.HasStopped(runsTrace),
            Patience, "for the three request activities to stop");

        var exportedTraces = exporter.Exported.Select(activity => activity.TraceId).ToHashSet();
        Assert.Contains(runsTrace, exportedTraces);
        Assert.DoesNotContain(healthTrace, exportedTraces);
        Assert.DoesNotContain(aliveTrace, exportedTraces);
    }

    [Fact]
    public async Task Service_name_comes_from_OTEL_SERVICE_NAME_and_resource_attributes_from_OTEL_RESOURCE_ATTRIBUTES()
    {
        var builder = TestApps.CreateBuilder(new Dictionary<string, string?>
        {
            ["OTEL_SERVICE_NAME"] = "githubproxy-api",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=replica-7,deployment.environment=test",
        });
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        await app.StartAsync();

        foreach (var provider in Providers(app))
        {
            var attributes = provider.GetResource().Attributes.ToDictionary(pair => pair.Key, pair => pair.Value);
            Assert.Equal("githubproxy-api", attributes["service.name"]);
            Assert.Equal("replica-7", attributes["service.instance.id"]);
            Assert.Equal("test", attributes["deployment.environment"]);
        }
    }

    [Fact]
    public async Task Service_name_falls_back_to_the_application_name_with_one_instance_id_for_all_signals()
    {
        var builder = TestApps.CreateBuilder();
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        await app.StartAsync();

        var resources = Providers(app).Select(provider => provider.GetResource().Attributes.ToDictionary(pair => pair.Key, pair => pair.Value)).ToList();
        Assert.All(resources, attributes => Assert.Equal(app.Environment.ApplicationName, attributes["service.name"]));
        Assert.Single(resources.Select(attributes => attributes["service.instance.id"]).Distinct());
    }

    [Fact]
    public async Task Providers_are_built_when_the_host_starts_and_listen_to_the_service_own_source()
    {
        var builder = TestApps.CreateBuilder();
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        var telemetry = app.Services.GetRequiredService<ServiceTelemetry>();
        Assert.False(telemetry.ActivitySource.HasListeners());

        await app.StartAsync();

        Assert.Equal(app.Environment.ApplicationName, telemetry.ActivitySource.Name);
        Assert.True(telemetry.ActivitySource.HasListeners());
        using var activity = telemetry.ActivitySource.StartActivity("sync-runs");
        Assert.NotNull(activity);
        Assert.True(activity.Recorded);
    }

    [Fact]
    public async Task Nothing_is_sent_anywhere_when_OTEL_EXPORTER_OTLP_ENDPOINT_is_not_set()
    {
        // An OTLP exporter without an endpoint would still send, to its default localhost:4317, so
        // watching for any outgoing HTTP request (this collection runs alone) shows whether one exists.
        using var outgoing = new ActivityRecorder("System.Net.Http");
        var builder = TestApps.CreateBuilder();
        builder.AddServiceDefaults();

        var (_, runsTrace) = await RunTrafficAndStopAsync(builder);

        Assert.NotEqual(default, runsTrace);
        Assert.Empty(outgoing.Started);
    }

    [Fact]
    public async Task Traces_metrics_and_logs_are_sent_over_OTLP_when_OTEL_EXPORTER_OTLP_ENDPOINT_is_set()
    {
        await using var receiver = await FakeOtlpReceiver.StartAsync();
        var builder = TestApps.CreateBuilder(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Address.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "webhooks-api",
        });
        builder.AddServiceDefaults();

        var (healthTrace, runsTrace) = await RunTrafficAndStopAsync(builder);

        var paths = receiver.Received.Select(request => request.Path).ToHashSet();
        Assert.Contains("/v1/traces", paths);
        Assert.Contains("/v1/metrics", paths);
        Assert.Contains("/v1/logs", paths);
        var traces = receiver.BodiesFor("/v1/traces");
        Assert.True(Contains(traces, Encoding.UTF8.GetBytes("webhooks-api")), "the service name is on the exported resource");
        Assert.True(Contains(traces, TraceIdBytes(runsTrace)), "the ordinary request is exported");
        Assert.False(Contains(traces, TraceIdBytes(healthTrace)), "the health probe is not exported");
    }

    /// <summary>One ordinary request, one health probe and one log line; then the host is disposed, which flushes.</summary>
    private static async Task<(ActivityTraceId Health, ActivityTraceId Runs)> RunTrafficAndStopAsync(WebApplicationBuilder builder)
    {
        var healthTrace = ActivityTraceId.CreateRandom();
        var runsTrace = ActivityTraceId.CreateRandom();
        var app = builder.Build();
        await using (app)
        {
            app.MapDefaultEndpoints();
            app.MapGet("/runs", (ILogger<TelemetryTests> logger) =>
            {
                logger.LogInformation("Listed {Count} runs", 3);
                return "runs";
            });
            await app.StartAsync();
            using var stopped = new ActivityRecorder("Microsoft.AspNetCore");
            var client = app.GetTestClient();
            await SendTracedAsync(client, "/health", healthTrace);
            await SendTracedAsync(client, "/runs", runsTrace);
            await Eventually.WaitUntilAsync(
                () => stopped.HasStopped(healthTrace) && stopped.HasStopped(runsTrace), Patience, "for both request activities to stop");
            await app.StopAsync();
        }

        return (healthTrace, runsTrace);
    }

    private static IEnumerable<BaseProvider> Providers(WebApplication app) =>
    [
        app.Services.GetRequiredService<TracerProvider>(),
        app.Services.GetRequiredService<MeterProvider>(),
        app.Services.GetRequiredService<LoggerProvider>(),
    ];

    private static async Task SendTracedAsync(HttpClient client, string path, ActivityTraceId traceId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private static byte[] TraceIdBytes(ActivityTraceId traceId)
    {
        var bytes = new byte[16];
        traceId.CopyTo(bytes);
        return bytes;
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>
    /// Sees every activity of one source start and stop, recorded or not, without changing any
    /// sampling decision. Created after the host starts, it is called after the providers' listener.
    /// </summary>
    private sealed class ActivityRecorder : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly List<Activity> _started = [];
        private readonly HashSet<ActivityTraceId> _stopped = [];

        public ActivityRecorder(string sourceName)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == sourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
                ActivityStarted = activity =>
                {
                    lock (_started)
                    {
                        _started.Add(activity);
                    }
                },
                ActivityStopped = activity =>
                {
                    lock (_stopped)
                    {
                        _stopped.Add(activity.TraceId);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyList<Activity> Started
        {
            get
            {
                lock (_started)
                {
                    return [.. _started];
                }
            }
        }

        public bool HasStopped(ActivityTraceId traceId)
        {
            lock (_stopped)
            {
                return _stopped.Contains(traceId);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
