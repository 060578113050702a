using ActionsDashboard.ServiceDefaults.ServiceDiscovery;
using Gateway.Infrastructure;
using Microsoft.Extensions.Configuration;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.UnitTests;

public class ServiceDiscoveryDestinationResolverTests
{
    [Fact]
    public async Task Logical_destination_becomes_one_destination_per_configured_endpoint()
    {
        var resolver = Create(new()
        {
            ["services:auth-api:http:0"] = "http://127.0.0.1:5001",
            ["services:auth-api:http:1"] = "http://127.0.0.1:5002",
        });

        var result = await resolver.ResolveDestinationsAsync(
            new Dictionary<string, DestinationConfig> { ["auth"] = new() { Address = "http://auth-api" } }, CancellationToken.None);

        Assert.Equal(["http://127.0.0.1:5001/", "http://127.0.0.1:5002/"], result.Destinations.Values.Select(d => d.Address).Order());
        Assert.NotNull(result.ChangeToken);
    }

    [Fact]
    public async Task Https_plus_http_prefers_https_endpoints()
    {
        var resolver = Create(new()
        {
            ["services:web:http:0"] = "http://127.0.0.1:6001",
            ["services:web:https:0"] = "https://127.0.0.1:6443",
        });

        var result = await resolver.ResolveDestinationsAsync(
            new Dictionary<string, DestinationConfig> { ["web"] = new() { Address = "https+http://web" } }, CancellationToken.None);

        Assert.Equal("https://127.0.0.1:6443/", Assert.Single(result.Destinations.Values).Address);
    }

    [Fact]
    public async Task A_real_address_passes_through_unchanged()
    {
        var resolver = Create(new());

        var result = await resolver.ResolveDestinationsAsync(
            new Dictionary<string, DestinationConfig> { ["ext"] = new() { Address = "https://example.org/base/" } }, CancellationToken.None);

        Assert.Equal("https://example.org/base/", Assert.Single(result.Destinations.Values).Address);
    }

    [Fact]
    public async Task A_known_service_without_the_endpoint_is_an_error_naming_it()
    {
        var resolver = Create(new() { ["services:auth-api:grpc:0"] = "http://127.0.0.1:7000" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => resolver.ResolveDestinationsAsync(
            new Dictionary<string, DestinationConfig> { ["auth"] = new() { Address = "http://auth-api" } }, CancellationToken.None).AsTask());

        Assert.Contains("auth-api", error.Message);
    }

    private static ServiceDiscoveryDestinationResolver Create(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceDiscoveryDestinationResolver(new ServiceEndpointResolver(configuration), configuration);
    }
}
