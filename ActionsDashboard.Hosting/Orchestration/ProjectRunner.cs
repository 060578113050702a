using System.Diagnostics;
using System.Text.Json;
using ActionsDashboard.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace ActionsDashboard.Hosting.Orchestration;

/// <summary>Runs a project's built assembly with Aspire's environment and polls its <c>/health</c>.</summary>
internal sealed class ProjectRunner(ProjectResource project, OrchestratorSettings settings, HttpClient http) : ResourceRunner(project)
{
    // The AppHost's own wiring must not leak into a service: each one gets exactly what the model gives it.
    private static readonly string[] s_inheritedPrefixesToDrop = ["ConnectionStrings__", "services__", "GitHub__", "AppHost__", "OTEL_", "ASPNETCORE_", "DOTNET_ENVIRONMENT", "HTTP_PORTS", "HTTPS_PORTS"];

    public override string TypeName => "Project";

    public string AssemblyPath => Path.Combine(project.ProjectDirectory, "bin", settings.BuildConfiguration, "net10.0", project.AssemblyName + ".dll");

    public override Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(project.ProjectPath))
        {
            throw new ResourceStartException($"Project file {project.ProjectPath} does not exist.");
        }

        if (!File.Exists(AssemblyPath))
        {
            throw new ResourceStartException(
                $"{AssemblyPath} has not been built. Build first: dotnet build ActionsDashboard.AppHost -c {settings.BuildConfiguration} (./run.sh does it).");
        }

        foreach (var endpoint in project.AnnotationsOf<EndpointAnnotation>().Where(e => e.Port is > 0))
        {
            if (!PortAllocator.IsFree(endpoint.Port!.Value))
            {
                throw new ResourceStartException(
                    $"Port {endpoint.Port} for {project.Name} is in use by another program. Stop it, or choose another port "
                    + "(for the gateway: ./run.sh --AppHost:GatewayPort=<port>).");
            }
        }

        return Task.CompletedTask;
    }

    public override ProcessSpec CreateProcessSpec()
    {
        var environment = BuildEnvironment(project, ExecutionMode.Run, settings);
        var remove = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => s_inheritedPrefixesToDrop.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return new ProcessSpec
        {
            FileName = settings.DotnetHost,
            Arguments = [AssemblyPath],
            WorkingDirectory = project.ProjectDirectory,
            Environment = environment.ToDictionary(kv => kv.Key, kv => (string?)kv.Value),
            RemoveEnvironment = remove,
        };
    }

    /// <summary>The environment Aspire gives a project: its URLs, OpenTelemetry settings, then every
    /// reference (connection strings, service discovery) and explicit variable from the model.</summary>
    /// <remarks>Run mode needs the run's <paramref name="settings"/>; publish mode writes expressions and needs none.</remarks>
    public static Dictionary<string, string> BuildEnvironment(ProjectResource project, ExecutionMode mode, OrchestratorSettings? settings = null)
    {
        var context = new EnvironmentContext(mode, project);
        var env = context.Variables;
        if (mode == ExecutionMode.Run)
        {
            ArgumentNullException.ThrowIfNull(settings);
            var http = project.HttpEndpoint.Allocated ?? throw new InvalidOperationException($"'{project.Name}' has no allocated http endpoint.");
            env["ASPNETCORE_URLS"] = http.Url;
            env["ASPNETCORE_ENVIRONMENT"] = settings.Environment;
            env["DOTNET_ENVIRONMENT"] = settings.Environment;
            env["OTEL_SERVICE_NAME"] = project.Name;
            env["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={settings.InstanceId(project.Name)}";
            if (settings.OtlpEndpoint is { Length: > 0 } otlp)
            {
                env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
                env["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
                env["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
                env["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
            }

            env["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";
            if (!project.AnnotationsOf<EndpointAnnotation>().Any(e => e.IsExternal))
            {
                // Internal services sit behind the gateway and take its X-Forwarded-* headers (from loopback only).
                env["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
            }

            env["LOGGING__CONSOLE__FORMATTERNAME"] = "simple";
            env["LOGGING__CONSOLE__FORMATTEROPTIONS__TIMESTAMPFORMAT"] = "HH:mm:ss ";
        }
        else
        {
            env["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";
            env["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
            foreach (var endpoint in project.AnnotationsOf<EndpointAnnotation>().Where(e => e.Transport == "http"))
            {
                env[endpoint.Scheme == "https" ? "HTTPS_PORTS" : "HTTP_PORTS"] = $"{{{project.Name}.bindings.{endpoint.Name}.targetPort}}";
            }
        }

        foreach (var callback in project.AnnotationsOf<EnvironmentCallbackAnnotation>())
        {
            callback.Callback(context);
        }

        return new Dictionary<string, string>(env, StringComparer.Ordinal);
    }

    public override async Task<HealthResult> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var check = project.AnnotationsOf<HttpHealthCheckAnnotation>().FirstOrDefault();
        if (check is null)
        {
            return new HealthResult(true, []);
        }

        var endpoint = project.AnnotationsOf<EndpointAnnotation>().First(e => e.Name == check.EndpointName).Allocated!;
        var watch = Stopwatch.StartNew();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await http.GetAsync($"http://127.0.0.1:{endpoint.Port}{check.Path}", timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            var entries = ParseHealthEntries(body);
            if (entries.Count == 0)
            {
                entries = [new HealthReportEntry(check.Path, response.IsSuccessStatusCode ? "Healthy" : "Unhealthy", $"HTTP {(int)response.StatusCode}", watch.Elapsed.TotalMilliseconds)];
            }

            return new HealthResult(response.IsSuccessStatusCode, entries);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthResult.Single(check.Path, false, e.Message, watch.Elapsed);
        }
    }

    /// <summary>Reads ServiceDefaults' /health JSON (<c>entries</c> by name) so the dashboard shows each check.</summary>
    private static List<HealthReportEntry> ParseHealthEntries(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Object)
            {
                return [];
            }

            return entries.EnumerateObject().Select(e => new HealthReportEntry(
                e.Name,
                e.Value.TryGetProperty("status", out var s) ? s.GetString() ?? "Unknown" : "Unknown",
                e.Value.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
                e.Value.TryGetProperty("duration", out var t) && TimeSpan.TryParse(t.GetString(), out var span) ? span.TotalMilliseconds : 0)).ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

/// <summary>Settings of a run, from the AppHost's configuration.</summary>
public sealed class OrchestratorSettings
{
    private readonly Dictionary<string, string> _instanceIds = new(StringComparer.Ordinal);

    public required string DataPath { get; init; }

    public required string BuildConfiguration { get; init; }

    public string DotnetHost { get; init; } = "dotnet";

    public string Environment { get; init; } = "Development";

    public string? OtlpEndpoint { get; init; }

    /// <summary>Dashboard port; 0 picks a free one; negative disables the dashboard.</summary>
    public int DashboardPort { get; init; } = 18888;

    /// <summary>Echo every resource's console output to the AppHost's console.</summary>
    public bool ForwardConsole { get; init; }

    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRestartDelay { get; init; } = TimeSpan.FromSeconds(30);

    public string InstanceId(string resource)
    {
        lock (_instanceIds)
        {
            if (!_instanceIds.TryGetValue(resource, out var id))
            {
                _instanceIds[resource] = id = Guid.NewGuid().ToString("N")[..8];
            }

            return id;
        }
    }

    public static OrchestratorSettings From(IConfiguration configuration, DistributedApplicationOptions options, string appHostDirectory)
    {
        var section = configuration.GetSection("AppHost");
        return new OrchestratorSettings
        {
            DataPath = Path.GetFullPath(section["DataPath"] is { Length: > 0 } data
                ? Path.Combine(appHostDirectory, data)
                : Path.Combine(appHostDirectory, "..", ".data", "apphost")),
            BuildConfiguration = options.BuildConfiguration ?? section["BuildConfiguration"] ?? DefaultBuildConfiguration(),
            DotnetHost = ResolveDotnetHost(),
            Environment = section["Environment"] ?? "Development",
            OtlpEndpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"],
            DashboardPort = int.TryParse(section["DashboardPort"], out var dashboardPort) ? dashboardPort : 18888,
            ForwardConsole = bool.TryParse(section["ForwardConsole"], out var forward) && forward,
        };
    }

    private static string DefaultBuildConfiguration() =>
        typeof(OrchestratorSettings).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration ?? "Debug";

    private static string ResolveDotnetHost()
    {
        var self = System.Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        return System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : MachineBinaries.FindOnPath("dotnet") ?? "dotnet";
    }
}
