using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.ServiceDefaults.UnitTests.Proxies;

public class TrustedProxiesTests
{
    private static ForwardedHeadersOptions Options(bool loopbackByDefault, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.AddTrustedProxies(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, loopbackByDefault);
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
    }

    [Fact]
    public void With_nothing_configured_the_edge_reads_no_forwarded_header()
    {
        // Empty lists of known proxies would mean "believe anyone" to the middleware: no header is read instead.
        Assert.Equal(ForwardedHeaders.None, Options(loopbackByDefault: false).ForwardedHeaders);
    }

    [Fact]
    public void With_nothing_configured_a_service_behind_the_gateway_believes_loopback_only()
    {
        var options = Options(loopbackByDefault: true);

        Assert.Equal(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, options.ForwardedHeaders);
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], options.KnownProxies);
        Assert.Empty(options.KnownIPNetworks);
    }

    [Fact]
    public void Configured_proxies_and_networks_replace_the_defaults()
    {
        var options = Options(false, ("ForwardedHeaders:KnownProxies", "10.0.0.5; 10.0.0.6"), ("ForwardedHeaders:KnownNetworks:0", "100.64.0.0/10"));

        Assert.Equal(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, options.ForwardedHeaders);
        Assert.Equal([IPAddress.Parse("10.0.0.5"), IPAddress.Parse("10.0.0.6")], options.KnownProxies);
        Assert.Equal([System.Net.IPNetwork.Parse("100.64.0.0/10")], options.KnownIPNetworks);
        Assert.Equal(1, options.ForwardLimit);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies", "gateway.internal", "is not an IP address")]
    [InlineData("ForwardedHeaders:KnownNetworks", "10.0.0.0", "CIDR")]
    public void A_value_that_is_not_an_address_stops_the_service_with_the_setting_named(string key, string value, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Options(false, (key, value)));

        Assert.Contains(key, error.Message);
        Assert.Contains(expected, error.Message);
    }
}
