using System.Runtime.InteropServices;
using ActionsDashboard.Hosting.ApplicationModel;
using ActionsDashboard.Hosting.Dashboard;
using ActionsDashboard.Hosting.Orchestration;
using ActionsDashboard.Hosting.Publishing;
using Microsoft.Extensions.Logging;

namespace ActionsDashboard.Hosting;

/// <summary>The built application model: runs it on this machine, or publishes it as a manifest.</summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly DistributedApplicationBuilder _builder;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private Orchestrator? _orchestrator;
    private DashboardServer? _dashboard;

    internal DistributedApplication(DistributedApplicationBuilder builder)
    {
        _builder = builder;
        Validate(builder.Resources);
        Settings = OrchestratorSettings.From(builder.Configuration, builder.Options, builder.AppHostDirectory);
        _loggerFactory = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            })
            .SetMinimumLevel(Enum.TryParse<LogLevel>(builder.Configuration["AppHost:LogLevel"], out var level) ? level : LogLevel.Information));
        _logger = _loggerFactory.CreateLogger("ActionsDashboard.AppHost");
    }

    public static IDistributedApplicationBuilder CreateBuilder(string[] args) =>
        new DistributedApplicationBuilder(new DistributedApplicationOptions { Args = args });

    public static IDistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options) => new DistributedApplicationBuilder(options);

    public IReadOnlyList<Resource> Resources => _builder.Resources;

    public OrchestratorSettings Settings { get; }

    public ResourceNotificationService ResourceNotifications { get; } = new();

    /// <summary>The dashboard's address (with its sign-in token) once started, or null when it is disabled.</summary>
    public string? DashboardLoginUrl => _dashboard?.LoginUrl;

    public string? DashboardUrl => _dashboard?.Url;

    /// <summary>The process id of each running resource (and helper such as RabbitMQ's epmd).</summary>
    public IReadOnlyDictionary<string, int> ProcessIds =>
        _orchestrator?.Processes.Where(p => !p.Value.HasExited).ToDictionary(p => p.Key, p => p.Value.Id) ?? new Dictionary<string, int>();

    /// <summary>Resources in the order they can start: each only after everything it waits for.</summary>
    public IReadOnlyList<IReadOnlyList<Resource>> GetStartOrder() => StartOrder.Layers(_builder.Resources);

    public Resource GetResource(string name) =>
        _builder.Resources.FirstOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"No resource named '{name}'.");

    /// <summary>Starts everything and returns; resources come up in the background (see <see cref="ResourceNotifications"/>).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_builder.Mode == ExecutionMode.Publish)
        {
            throw new InvalidOperationException("This application was built to publish a manifest: call RunAsync.");
        }

        _orchestrator = new Orchestrator(_builder.Resources, Settings, ResourceNotifications, _logger);
        try
        {
            if (Settings.DashboardPort >= 0)
            {
                _dashboard = new DashboardServer(ResourceNotifications, _builder.Configuration["AppHost:DashboardToken"]);
                await _dashboard.StartAsync(Settings.DashboardPort, cancellationToken).ConfigureAwait(false);
            }

            _orchestrator.Start();
        }
        catch
        {
            await StopAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs until Ctrl+C or SIGTERM (or <paramref name="cancellationToken"/>), then stops everything;
    /// in publish mode writes the manifest and returns.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (_builder.Mode == ExecutionMode.Publish)
        {
            var output = _builder.Configuration["AppHost:OutputPath"] ?? "aspire-manifest.json";
            await ManifestPublisher.WriteAsync(_builder.Resources, output, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Wrote the manifest to {Path.GetFullPath(output)}");
            return;
        }

        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (!shutdown.IsCancellationRequested)
            {
                Console.WriteLine("Stopping every resource...");
            }

            shutdown.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);

        try
        {
            await StartAsync(shutdown.Token).ConfigureAwait(false);
            _ = PrintSummaryWhenHealthyAsync(shutdown.Token);
            await Task.Delay(Timeout.Infinite, shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
        }
        finally
        {
            await StopAsync().ConfigureAwait(false);
            Console.WriteLine("Every resource has stopped.");
        }
    }

    public async Task StopAsync()
    {
        if (_orchestrator is not null)
        {
            await _orchestrator.StopAsync().ConfigureAwait(false);
        }

        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync().ConfigureAwait(false);
            _dashboard = null;
        }
    }

    private async Task PrintSummaryWhenHealthyAsync(CancellationToken cancellationToken)
    {
        if (_dashboard is not null)
        {
            Console.WriteLine($"Dashboard: {_dashboard.LoginUrl}");
        }

        var started = DateTimeOffset.UtcNow;
        try
        {
            await ResourceNotifications.WaitForAllHealthyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var elapsed = DateTimeOffset.UtcNow - started;
        Console.WriteLine();
        Console.WriteLine($"All {ResourceNotifications.GetAll().Count} resources are healthy ({elapsed.TotalSeconds:0.0} s):");
        foreach (var resource in ResourceNotifications.GetAll())
        {
            Console.WriteLine($"  {resource.Name,-16} {resource.Type,-22} {string.Join(", ", resource.Endpoints)}");
        }

        var gateway = _builder.Resources.OfType<ProjectResource>()
            .SelectMany(p => p.AnnotationsOf<EndpointAnnotation>()).FirstOrDefault(e => e.IsExternal)?.Allocated;
        if (gateway is not null)
        {
            Console.WriteLine();
            Console.WriteLine($"Open the app: {gateway.Url}");
        }

        if (_dashboard is not null)
        {
            Console.WriteLine($"Dashboard:    {_dashboard.LoginUrl}");
        }

        Console.WriteLine("Press Ctrl+C to stop.");
    }

    private static void Validate(IReadOnlyList<Resource> resources)
    {
        foreach (var resource in resources)
        {
            foreach (var target in resource.AnnotationsOf<WaitAnnotation>().Select(w => w.Target)
                         .Concat(resource.AnnotationsOf<ReferenceAnnotation>().Select(r => r.Target)))
            {
                if (!resources.Contains(target))
                {
                    throw new InvalidOperationException($"'{resource.Name}' refers to '{target.Name}', which is not in this model.");
                }
            }
        }

        _ = StartOrder.Layers(resources);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_orchestrator is not null)
        {
            await _orchestrator.DisposeAsync().ConfigureAwait(false);
        }

        _loggerFactory.Dispose();
    }
}

internal static class StartOrder
{
    /// <summary>Topological layers of the wait graph; a cycle is an error that names its members.</summary>
    public static IReadOnlyList<IReadOnlyList<Resource>> Layers(IReadOnlyList<Resource> resources)
    {
        var pending = resources.Where(r => r is not ParameterResource).ToList();
        var done = new HashSet<Resource>();
        var layers = new List<IReadOnlyList<Resource>>();
        while (pending.Count > 0)
        {
            var ready = pending.Where(r => Orchestrator.WaitsFor(r).All(done.Contains)).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException($"The model has a WaitFor cycle among: {string.Join(", ", pending.Select(r => r.Name))}.");
            }

            layers.Add(ready);
            done.UnionWith(ready);
            pending.RemoveAll(ready.Contains);
        }

        return layers;
    }
}
