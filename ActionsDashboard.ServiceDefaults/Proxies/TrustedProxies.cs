using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Which proxies' <c>X-Forwarded-*</c> headers a service believes. A forwarded header is a claim the client can make
/// too: believed from anyone, it lets a client choose the address it is rate-limited under and the scheme it appears
/// to use. So only the addresses in <c>ForwardedHeaders:KnownProxies</c> and the networks in
/// <c>ForwardedHeaders:KnownNetworks</c> (CIDR; either a list or one string separated by <c>;</c> or <c>,</c>) are
/// believed; when neither is set, loopback only if the caller says its proxy runs there, nobody otherwise.
/// </summary>
public static class TrustedProxies
{
    public const string SectionName = "ForwardedHeaders";

    /// <param name="headers">The headers this service needs from its proxy.</param>
    /// <param name="loopbackByDefault">Whether a proxy on loopback is believed when none is configured (a service behind
    /// the gateway, which a local run starts on the same machine); false for the edge, which has no proxy unless one is
    /// configured.</param>
    public static TBuilder AddTrustedProxies<TBuilder>(this TBuilder builder, ForwardedHeaders headers, bool loopbackByDefault)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(SectionName);
        var proxies = Values(section.GetSection("KnownProxies")).Select(value => IPAddress.TryParse(value, out var address)
            ? address
            : throw new InvalidOperationException($"{SectionName}:KnownProxies: '{value}' is not an IP address.")).ToArray();
        var networks = Values(section.GetSection("KnownNetworks")).Select(value => System.Net.IPNetwork.TryParse(value, out var network)
            ? network
            : throw new InvalidOperationException($"{SectionName}:KnownNetworks: '{value}' is not a network in CIDR notation (10.0.0.0/16).")).ToArray();

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            if (proxies.Length == 0 && networks.Length == 0)
            {
                // Empty lists would mean "believe everyone" to the middleware: with nobody to believe, read no header.
                options.ForwardedHeaders = loopbackByDefault ? headers : ForwardedHeaders.None;
                if (loopbackByDefault)
                {
                    options.KnownProxies.Add(IPAddress.Loopback);
                    options.KnownProxies.Add(IPAddress.IPv6Loopback);
                }

                return;
            }

            options.ForwardedHeaders = headers;

            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        return builder;
    }

    private static IEnumerable<string> Values(IConfigurationSection section)
    {
        var values = section.Value is { Length: > 0 } single ? [single] : section.GetChildren().Select(child => child.Value ?? "");
        return values.SelectMany(value => value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
