using ActionsDashboard.ServiceDefaults.ServiceDiscovery;
using Microsoft.Extensions.Configuration;

namespace ActionsDashboard.ServiceDefaults.UnitTests.ServiceDiscovery;

public sealed class ServiceEndpointResolverTests
{
    [Fact]
    public void Http_address_resolves_to_the_http_endpoint_keeping_path_and_query()
    {
        var resolver = Resolver(("services:auth-api:http:0", "http://127.0.0.1:5101"));

        var resolved = resolver.ResolveNext(new Uri("http://auth-api/auth/session?refresh=true"));

        Assert.Equal(new Uri("http://127.0.0.1:5101/auth/session?refresh=true"), resolved);
    }

    [Fact]
    public void Https_plus_http_prefers_the_https_endpoint_when_one_is_configured()
    {
        var resolver = Resolver(
            ("services:auth-api:http:0", "http://127.0.0.1:5101"),
            ("services:auth-api:https:0", "https://127.0.0.1:7101"));

        Assert.Equal(new Uri("https://127.0.0.1:7101/users"), resolver.ResolveNext(new Uri("https+http://auth-api/users")));
    }

    [Fact]
    public void Https_plus_http_falls_back_to_http_when_no_https_endpoint_is_configured()
    {
        var resolver = Resolver(("services:auth-api:http:0", "http://127.0.0.1:5101"));

        Assert.Equal(new Uri("http://127.0.0.1:5101/users"), resolver.ResolveNext(new Uri("https+http://auth-api/users")));
    }

    [Fact]
    public void Https_address_uses_only_https_endpoints()
    {
        var resolver = Resolver(
            ("services:auth-api:http:0", "http://127.0.0.1:5101"),
            ("services:auth-api:https:0", "https://127.0.0.1:7101"));

        Assert.Equal(new Uri("https://127.0.0.1:7101/"), resolver.ResolveNext(new Uri("https://auth-api")));
    }

    [Fact]
    public void Named_endpoint_resolves_from_its_own_section()
    {
        var resolver = Resolver(
            ("services:auth-api:http:0", "http://127.0.0.1:5101"),
            ("services:auth-api:grpc:0", "http://127.0.0.1:5199"));

        Assert.Equal(new Uri("http://127.0.0.1:5199/health"), resolver.ResolveNext(new Uri("http://_grpc.auth-api/health")));
    }

    [Fact]
    public void Host_and_port_without_scheme_take_the_requested_scheme()
    {
        var resolver = Resolver(("services:auth-api:http:0", "localhost:5101"));

        Assert.Equal(new Uri("http://localhost:5101/x"), resolver.ResolveNext(new Uri("http://auth-api/x")));
    }

    [Fact]
    public void Several_endpoints_take_turns()
    {
        var resolver = Resolver(
            ("services:realtime-hub:http:0", "http://127.0.0.1:5201"),
            ("services:realtime-hub:http:1", "http://127.0.0.1:5202"));
        var logical = new Uri("http://realtime-hub/ws");

        var picked = Enumerable.Range(0, 4).Select(_ => resolver.ResolveNext(logical).Port).ToArray();

        Assert.Equal([5201, 5202, 5201, 5202], picked);
    }

    [Fact]
    public void Resolve_lists_every_endpoint_in_configured_order()
    {
        var resolver = Resolver(
            ("services:realtime-hub:http:0", "http://127.0.0.1:5201"),
            ("services:realtime-hub:http:1", "http://127.0.0.1:5202"));

        var endpoints = resolver.Resolve(new Uri("https+http://realtime-hub"));

        Assert.Equal([new Uri("http://127.0.0.1:5201/"), new Uri("http://127.0.0.1:5202/")], endpoints);
    }

    [Fact]
    public async Task Resolve_async_gives_the_same_endpoints()
    {
        var resolver = Resolver(("services:auth-api:http:0", "http://127.0.0.1:5101"));

        var endpoints = await resolver.ResolveAsync(new Uri("http://auth-api/a"), CancellationToken.None);

        Assert.Equal([new Uri("http://127.0.0.1:5101/a")], endpoints);
    }

    [Fact]
    public void Host_without_a_services_section_passes_through_unchanged()
    {
        var resolver = Resolver(("services:auth-api:http:0", "http://127.0.0.1:5101"));
        var github = new Uri("https://api.github.com/repos/octo/hello/actions/runs?per_page=100");

        Assert.Equal(github, resolver.ResolveNext(github));
        Assert.Equal([github], resolver.Resolve(github));
    }

    [Fact]
    public void Combined_scheme_on_a_host_without_a_section_becomes_its_first_scheme()
    {
        var resolver = Resolver();

        Assert.Equal(new Uri("https://api.github.com/user"), resolver.ResolveNext(new Uri("https+http://api.github.com/user")));
    }

    [Fact]
    public void Configured_service_without_a_matching_endpoint_is_an_error_naming_the_service_and_key()
    {
        var resolver = Resolver(("services:auth-api:http:0", "http://127.0.0.1:5101"));

        var error = Assert.Throws<InvalidOperationException>(() => resolver.ResolveNext(new Uri("https://auth-api/x")));

        Assert.Contains("'auth-api'", error.Message);
        Assert.Contains("services:auth-api:https:0", error.Message);
    }

    [Fact]
    public void Missing_named_endpoint_is_an_error_naming_the_key()
    {
        var resolver = Resolver(("services:auth-api:http:0", "http://127.0.0.1:5101"));

        var error = Assert.Throws<InvalidOperationException>(() => resolver.ResolveNext(new Uri("http://_grpc.auth-api")));

        Assert.Contains("services:auth-api:grpc:0", error.Message);
    }

    [Fact]
    public void A_configuration_change_is_seen_on_the_next_resolve()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["services:auth-api:http:0"] = "http://127.0.0.1:5101" })
            .Build();
        var resolver = new ServiceEndpointResolver(configuration);
        Assert.Equal(5101, resolver.ResolveNext(new Uri("http://auth-api")).Port);

        configuration["services:auth-api:http:0"] = "http://127.0.0.1:5301";

        Assert.Equal(5301, resolver.ResolveNext(new Uri("http://auth-api")).Port);
    }

    [Fact]
    public void Environment_variables_in_Aspire_form_are_read()
    {
        var prefix = $"ADTEST_{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable($"{prefix}services__githubproxy-api__http__0", "http://127.0.0.1:5401");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();

            var resolved = new ServiceEndpointResolver(configuration).ResolveNext(new Uri("https+http://githubproxy-api/api/user"));

            Assert.Equal(new Uri("http://127.0.0.1:5401/api/user"), resolved);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{prefix}services__githubproxy-api__http__0", null);
        }
    }

    private static ServiceEndpointResolver Resolver(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)))
            .Build());
}
