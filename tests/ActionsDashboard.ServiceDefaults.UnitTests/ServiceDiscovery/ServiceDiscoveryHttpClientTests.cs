using System.Net;
using ActionsDashboard.ServiceDefaults.UnitTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;

namespace ActionsDashboard.ServiceDefaults.UnitTests.ServiceDiscovery;

/// <summary>Through real sockets: two Kestrel listeners on 127.0.0.1 stand for two replicas.</summary>
public sealed class ServiceDiscoveryHttpClientTests : IAsyncLifetime
{
    private WebApplication _replicaA = null!;
    private WebApplication _replicaB = null!;
    private readonly List<IAsyncDisposable> _disposables = [];

    public async Task InitializeAsync()
    {
        _replicaA = await StartReplicaAsync("a");
        _replicaB = await StartReplicaAsync("b");
    }

    public async Task DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync();
        }

        await _replicaA.DisposeAsync();
        await _replicaB.DisposeAsync();
    }

    [Fact]
    public async Task Client_with_a_logical_base_address_reaches_the_configured_endpoint()
    {
        var client = await CreateClientAsync(new() { ["services:auth-api:http:0"] = _replicaA.Address().ToString() });

        var body = await client.GetStringAsync("auth/session?refresh=true");

        Assert.Equal("a:/auth/session?refresh=true", body);
    }

    [Fact]
    public async Task Http_auth_api_resolves_from_the_environment_variable_the_AppHost_sets()
    {
        // Aspire's AppHost passes endpoints as services__<resource>__<endpoint>__<index>; a prefix keeps this test's
        // variable away from every other configuration in the process.
        var prefix = $"SDTEST{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable($"{prefix}services__auth-api__http__0", _replicaB.Address().ToString());
        try
        {
            var client = await CreateClientAsync(new(), "http://auth-api", configuration => configuration.AddEnvironmentVariables(prefix));

            var body = await client.GetStringAsync("/internal/sessions/resolve");

            Assert.Equal("b:/internal/sessions/resolve", body);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{prefix}services__auth-api__http__0", null);
        }
    }

    [Fact]
    public async Task Requests_are_spread_over_every_configured_endpoint()
    {
        var client = await CreateClientAsync(new()
        {
            ["services:auth-api:http:0"] = _replicaA.Address().ToString(),
            ["services:auth-api:http:1"] = _replicaB.Address().ToString(),
        });

        var replicas = new List<string>();
        for (var request = 0; request < 4; request++)
        {
            replicas.Add((await client.GetStringAsync("x"))[..1]);
        }

        Assert.Equal(["a", "a", "b", "b"], replicas.Order());
    }

    [Fact]
    public async Task A_retry_resolves_again_and_reaches_the_next_endpoint()
    {
        var client = await CreateClientAsync(new()
        {
            ["services:auth-api:http:0"] = $"http://127.0.0.1:{ClosedPort()}",
            ["services:auth-api:http:1"] = _replicaB.Address().ToString(),
        });

        var body = await client.GetStringAsync("users/1");

        Assert.Equal("b:/users/1", body);
    }

    [Fact]
    public async Task Real_hosts_are_not_rewritten()
    {
        var client = await CreateClientAsync(new() { ["services:auth-api:http:0"] = _replicaB.Address().ToString() });

        // The replica listens on 127.0.0.1, which has no services section of its own.
        var body = await client.GetStringAsync(new Uri(_replicaA.Address(), "direct"));

        Assert.Equal("a:/direct", body);
    }

    private async Task<HttpClient> CreateClientAsync(
        Dictionary<string, string?> settings, string baseAddress = "https+http://auth-api", Action<IConfigurationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = $"test-client-{Guid.NewGuid():N}",
            EnvironmentName = "Production",
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        configure?.Invoke(builder.Configuration);
        builder.AddServiceDefaults();
        builder.Services.ConfigureAll<HttpStandardResilienceOptions>(options =>
        {
            options.Retry.Delay = TimeSpan.FromMilliseconds(1);
            options.Retry.UseJitter = false;
        });
        builder.Services.AddHttpClient("auth", client => client.BaseAddress = new Uri(baseAddress));
        var host = builder.Build();
        _disposables.Add(host as IAsyncDisposable ?? throw new InvalidOperationException("host is not async-disposable"));
        await host.StartAsync();
        return host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("auth");
    }

    private async Task<WebApplication> StartReplicaAsync(string name) =>
        await TestApps.StartKestrelAsync(app => app.Run(context =>
            context.Response.WriteAsync($"{name}:{context.Request.Path}{context.Request.QueryString}")));

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
