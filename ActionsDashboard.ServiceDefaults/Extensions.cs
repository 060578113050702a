using ActionsDashboard.ServiceDefaults.Health;
using ActionsDashboard.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The defaults every ActionsDashboard service shares, in the shape of .NET Aspire's ServiceDefaults:
/// OpenTelemetry, health checks, HTTP resilience and configuration-based service discovery.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    public const string LiveTag = "live";

    private const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private static readonly string[] FrameworkActivitySources =
    [
        "Microsoft.AspNetCore",
        "System.Net.Http",
        "Yarp.ReverseProxy",
        "Npgsql",
        "RabbitMQ.Client.*",
        "ActionsDashboard.EventBus*",
    ];

    private static readonly string[] FrameworkMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "System.Net.Http",
        "System.Net.NameResolution",
        "System.Runtime",
        "Npgsql",
        "RabbitMQ.Client*",
        "Yarp.ReverseProxy",
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
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        builder.Services.AddProblemDetails();
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (builder.Services.Any(descriptor => descriptor.ServiceType == typeof(ServiceTelemetry)))
        {
            return builder;
        }

        var applicationName = builder.Environment.ApplicationName;
        var exportToOtlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        // One instance id for the three signals, so a backend can join them; OTEL_RESOURCE_ATTRIBUTES
        // (service.instance.id from an orchestrator) still overrides it.
        var serviceInstanceId = Guid.NewGuid().ToString();
        void ConfigureResource(ResourceBuilder resource) => resource
            .Clear()
            .AddService(applicationName, serviceInstanceId: serviceInstanceId, autoGenerateServiceInstanceId: false)
            .AddTelemetrySdk()
            // Last, so OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the fallbacks above.
            .AddEnvironmentVariableDetector();

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        builder.Services.ConfigureOpenTelemetryLoggerProvider(logging =>
        {
            logging.ConfigureResource(ConfigureResource);
            if (exportToOtlp)
            {
                logging.AddOtlpExporter();
            }
        });

        builder.Services.AddSingleton<ServiceTelemetry>();
        builder.Services.AddOptions<OpenTelemetryProviderOptions>();
        builder.Services.AddSingleton(services =>
        {
            var tracing = Sdk.CreateTracerProviderBuilder()
                .ConfigureServices(sdkServices => ShareHostConfiguration(sdkServices, services))
                .ConfigureResource(ConfigureResource)
                .AddSource(FrameworkActivitySources)
                .AddSource(applicationName);
            foreach (var configure in services.GetRequiredService<IOptions<OpenTelemetryProviderOptions>>().Value.ConfigureTracing)
            {
                configure(tracing);
            }

            if (exportToOtlp)
            {
                tracing.AddOtlpExporter();
            }

            return tracing.Build();
        });
        builder.Services.AddSingleton(services =>
        {
            var metrics = Sdk.CreateMeterProviderBuilder()
                .ConfigureServices(sdkServices => ShareHostConfiguration(sdkServices, services))
                .ConfigureResource(ConfigureResource)
                .AddMeter(FrameworkMeters)
                .AddMeter(applicationName);
            foreach (var configure in services.GetRequiredService<IOptions<OpenTelemetryProviderOptions>>().Value.ConfigureMetrics)
            {
                configure(metrics);
            }

            if (exportToOtlp)
            {
                metrics.AddOtlpExporter();
            }

            return metrics.Build();
        });
        builder.Services.AddHostedService<OpenTelemetryProvidersStarter>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, HealthEndpointTraceSuppression>());

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Mapped in every environment: the orchestrator gates start-up and restarts on them. They say
        // nothing secret (names, statuses, durations), so they need no authentication.
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions
            {
                ResponseWriter = HealthReportJsonWriter.WriteAsync,
            })
            .AllowAnonymous()
            .DisableRateLimiting();

        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
            {
                Predicate = registration => registration.Tags.Contains(LiveTag),
                ResponseWriter = HealthReportJsonWriter.WriteAsync,
            })
            .AllowAnonymous()
            .DisableRateLimiting();

        return app;
    }

    internal static bool IsHealthEndpoint(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments(HealthEndpointPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(AlivenessEndpointPath, StringComparison.OrdinalIgnoreCase);

    // The SDK providers keep their own service collection; giving them the host's configuration makes
    // every OTEL_* setting (appsettings, command line, environment) visible to exporters and detectors.
    private static void ShareHostConfiguration(IServiceCollection sdkServices, IServiceProvider hostServices) =>
        sdkServices.AddSingleton(hostServices.GetRequiredService<IConfiguration>());
}
