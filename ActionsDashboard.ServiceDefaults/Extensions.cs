using ActionsDashboard.ServiceDefaults.Health;
using ActionsDashboard.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The defaults every ActionsDashboard service shares, as in .NET Aspire's ServiceDefaults template:
/// OpenTelemetry, health checks, the standard HTTP resilience handler and service discovery.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    public const string LiveTag = "live";

    private const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    // Sources and meters of libraries that emit their own (no instrumentation package needed).
    private static readonly string[] LibraryActivitySources =
    [
        "Yarp.ReverseProxy",
        "RabbitMQ.Client.*",
        "ActionsDashboard.EventBus*",
    ];

    private static readonly string[] LibraryMeters =
    [
        "Yarp.ReverseProxy",
        "RabbitMQ.Client*",
        "ActionsDashboard.EventBus*",
    ];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Resilience first so it wraps discovery: every retry resolves the endpoint again.
            http.AddStandardResilienceHandler(ConfigureStandardResilience);
            http.AddServiceDiscovery();
        });
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>
    /// What we change in the standard resilience handler's defaults, for every client (including a client that
    /// replaces the default handler with its own, which calls this first). POST, PATCH, PUT and DELETE are never
    /// retried: a re-run or cancel that reached GitHub before the connection failed must not be sent twice, and a
    /// webhook delivery is not repeated by GitHub either.
    /// </summary>
    public static void ConfigureStandardResilience(HttpStandardResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.DisableForUnsafeHttpMethods();
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (builder.Services.Any(descriptor => descriptor.ServiceType == typeof(ServiceTelemetry)))
        {
            return builder;
        }

        var applicationName = builder.Environment.ApplicationName;
        // One instance id for the three signals, so a backend can join them; OTEL_RESOURCE_ATTRIBUTES
        // (service.instance.id from an orchestrator) still overrides it.
        var serviceInstanceId = Guid.NewGuid().ToString();

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddSingleton<ServiceTelemetry>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .Clear()
                .AddService(applicationName, serviceInstanceId: serviceInstanceId, autoGenerateServiceInstanceId: false)
                .AddTelemetrySdk()
                // Last, so OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the fallbacks above.
                .AddEnvironmentVariableDetector())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(LibraryMeters)
                .AddMeter(applicationName))
            .WithTracing(tracing => tracing
                .AddSource(applicationName)
                // Orchestrators probe these every few seconds; their spans would drown real traffic. A filtered
                // request is not recorded, so neither is anything it starts (the sampler follows the parent).
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsHealthEndpoint(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddNpgsql()
                .AddSource(LibraryActivitySources));

        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
        {
            // Endpoint, protocol and headers come from OTEL_EXPORTER_OTLP_* (Aspire passes grpc and an API key header).
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <param name="app">The application.</param>
    /// <param name="exemptFromRateLimits">False where the service is the public origin (the gateway): its health endpoints
    /// then count against its rate limits like any request, so they cannot be used to make it run its checks at will.</param>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, bool exemptFromRateLimits = true)
    {
        // Mapped in every environment: the orchestrator gates start-up and restarts on them. They say
        // nothing secret (names, statuses, durations), so they need no authentication.
        var health = app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions
            {
                ResponseWriter = HealthReportJsonWriter.WriteAsync,
            })
            .AllowAnonymous();

        var alive = app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
            {
                Predicate = registration => registration.Tags.Contains(LiveTag),
                ResponseWriter = HealthReportJsonWriter.WriteAsync,
            })
            .AllowAnonymous();

        if (exemptFromRateLimits)
        {
            health.DisableRateLimiting();
            alive.DisableRateLimiting();
        }

        return app;
    }

    internal static bool IsHealthEndpoint(PathString path) =>
        path.StartsWithSegments(HealthEndpointPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(AlivenessEndpointPath, StringComparison.OrdinalIgnoreCase);
}
