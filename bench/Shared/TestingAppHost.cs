using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ActionsDashboard.Benchmarks;

/// <summary>The whole application started in this process through the AppHost on Aspire's testing builder (the real
/// orchestrator, DCP), as tests/ActionsDashboard.EndToEndTests/AppHostFixture.cs starts it: a given data folder, the
/// gateway on a free port, PostgreSQL, Redis and RabbitMQ as local processes, no Aspire dashboard, and the simulator's
/// demo scenario off (it would send webhooks during a measurement). Linked into the benches that need it.</summary>
internal static class TestingAppHost
{
    /// <summary>Builds and starts the application and waits until every resource is healthy.</summary>
    /// <param name="liftGatewayRateLimits">The gateway's per-address and per-user rate limits lifted (one load generator
    /// is one address and at most one user: most requests would be answered 429 and the bench would measure that), the
    /// limit on starting sign-ins from one address, and the hub's limits on live connections per session and user.</param>
    public static async Task<DistributedApplication> StartAsync(string dataPath, TimeSpan timeout, bool liftGatewayRateLimits, params string[] extraArgs)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ActionsDashboard_AppHost>(
            [
                $"--AppHost:DataPath={dataPath}", "--AppHost:GatewayPort=0", "--AppHost:Servers=Processes", "--AppHost:DemoScenario=false",
                // Warnings and errors only on this console, without the resources' own output (forwarded as
                // ActionsDashboard.AppHost.Resources.<name>) or the failed health checks of every start (a resource
                // that never gets healthy is named when the start times out).
                "--Logging:LogLevel:Default=Warning",
                "--Logging:LogLevel:ActionsDashboard.AppHost.Resources=None",
                "--Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks=None",
                .. extraArgs,
            ],
            (options, _) => options.DisableDashboard = true);
        if (liftGatewayRateLimits)
        {
            builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "gateway"))
                .WithEnvironment("Gateway__RateLimits__PerIp__PermitLimit", "1000000000")
                .WithEnvironment("Gateway__RateLimits__PerUser__PermitLimit", "1000000000")
                // Many browsers signing in from the load generator's one address (bench/soak.sh).
                .WithEnvironment("Gateway__RateLimits__SignInPerIp__PermitLimit", "1000000000");
            // And the hub's live connections per session and per user: the load generator's clients are few users.
            builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "realtime-hub"))
                .WithEnvironment("Realtime__MaxConnectionsPerSession", "100000")
                .WithEnvironment("Realtime__MaxConnectionsPerUser", "100000");
        }

        var app = await builder.BuildAsync();
        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            await app.StartAsync(cancel.Token);
            foreach (var resource in Names(app))
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancel.Token);
            }
        }
        catch (OperationCanceledException)
        {
            var states = string.Join(", ", Names(app).Select(name =>
                app.ResourceNotifications.TryGetCurrentState(name, out var e) ? $"{name}={e.Snapshot.State?.Text}" : $"{name}=?"));
            await app.DisposeAsync();
            throw new TimeoutException($"Not every resource became healthy within {timeout}: {states}");
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>A service's own HTTP endpoint (no proxy in front), on 127.0.0.1 (no name resolution, no IPv6 attempt first).</summary>
    public static Uri Endpoint(DistributedApplication app, string name) =>
        new UriBuilder(app.GetEndpoint(name, "http")) { Host = "127.0.0.1" }.Uri;

    /// <summary>Every resource that runs or is checked (not parameters, not Aspire's hidden rebuilders).</summary>
    private static IEnumerable<string> Names(DistributedApplication app) =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .Where(r => r is not ParameterResource && r.GetType().Name != "ProjectRebuilderResource")
            .Select(r => r.Name);
}
