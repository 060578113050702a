using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActionsDashboard.EndToEndTests;

/// <summary>The whole application started through the AppHost on Aspire's testing builder (the real orchestrator,
/// DCP), with a temporary data folder and free ports: real PostgreSQL, Redis and RabbitMQ processes, every service,
/// and the GitHub simulator in demo mode.</summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("apphost-e2e-");

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    public Uri GatewayUrl => ServiceUrl("gateway");

    public string DataPath => _data.FullName;

    public static async Task<DistributedApplication> StartAsync(string dataPath, params string[] extraArgs)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ActionsDashboard_AppHost>(
            [$"--AppHost:DataPath={dataPath}", "--AppHost:GatewayPort=0", "--AppHost:Servers=Processes", .. extraArgs],
            (options, _) => options.DisableDashboard = true);
        // Every test signs in from 127.0.0.1, far more often than the gateway lets one address start sign-ins (20 a
        // minute; Gateway.FunctionalTests checks that limit).
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "gateway"))
            .WithEnvironment("Gateway__RateLimits__SignInPerIp__PermitLimit", "100000")
            // Likewise every request: the bad-input corpus alone sends hundreds from that one address in a minute.
            .WithEnvironment("Gateway__RateLimits__PerIp__PermitLimit", "100000");
        // Each resource's console goes to the test's log through the AppHost's logger: its warnings and errors only.
        builder.Services.AddLogging(logging => logging
            .AddFilter("ActionsDashboard.AppHost.Resources", LogLevel.Warning)
            .AddFilter("Aspire.Hosting", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        var app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await app.StartAsync(timeout.Token);
        try
        {
            foreach (var resource in Names(app))
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            var states = string.Join(", ", Names(app).Select(name =>
                app.ResourceNotifications.TryGetCurrentState(name, out var e) ? $"{name}={e.Snapshot.State?.Text}" : $"{name}=?"));
            await app.DisposeAsync();
            throw new TimeoutException($"Not every resource became healthy within {StartTimeout}: {states}");
        }

        return app;
    }

    /// <summary>Every resource that runs or is checked (not parameters).</summary>
    public static IEnumerable<string> Names(DistributedApplication app) =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .Where(r => r is not ParameterResource && r.GetType().Name != "ProjectRebuilderResource" /* hidden, one per project: Aspire's rebuild command */)
            .Select(r => r.Name);

    public async Task InitializeAsync() => App = await StartAsync(_data.FullName);

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Http.Dispose();
        _data.Delete(recursive: true);
    }

    public Uri ServiceUrl(string name) => App.GetEndpoint(name, "http");

    public async Task<ResourceEvent> WaitForAsync(string name, Func<ResourceEvent, bool> predicate, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        return await App.ResourceNotifications.WaitForResourceAsync(name, predicate, cts.Token);
    }
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    // One whole application at a time on this 2-core machine: every class that starts one is in here.
    public const string Name = "apphost";
}
