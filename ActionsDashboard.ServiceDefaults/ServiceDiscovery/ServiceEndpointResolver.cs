using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;

namespace ActionsDashboard.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// Resolves logical service addresses from configuration, with the rules of .NET Aspire's
/// configuration-based service discovery, so the same addresses work under a real Aspire AppHost:
/// <list type="bullet">
/// <item><c>http://auth-api</c>: <c>services:auth-api:http:0</c>, <c>:1</c>, ... (env <c>services__auth-api__http__0</c>).</item>
/// <item><c>https://auth-api</c>: <c>services:auth-api:https:*</c>.</item>
/// <item><c>https+http://auth-api</c>: the https endpoints when any is configured, else the http ones.</item>
/// <item><c>http://_grpc.auth-api</c>: the named endpoint <c>services:auth-api:grpc:*</c>.</item>
/// <item>A host without a <c>services:&lt;host&gt;</c> section (api.github.com) is left as it is.</item>
/// </list>
/// Only scheme, host and port change; path and query are kept. Configuration is read on every call, so
/// a reload is seen at once.
/// </summary>
public sealed class ServiceEndpointResolver(IConfiguration configuration)
{
    private const string ServicesSection = "services";

    private readonly ConcurrentDictionary<string, StrongBox<int>> _roundRobinCursors = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every endpoint of the logical address, in configured order.</summary>
    /// <exception cref="InvalidOperationException">The service is configured but has no endpoint for the scheme or name.</exception>
    public IReadOnlyList<Uri> Resolve(Uri logicalAddress)
    {
        var lookup = Lookup(logicalAddress);
        return lookup.Endpoints.Select(endpoint => Rebase(logicalAddress, endpoint)).ToArray();
    }

    public ValueTask<IReadOnlyList<Uri>> ResolveAsync(Uri logicalAddress, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Resolve(logicalAddress));
    }

    /// <summary>One endpoint of the logical address; several endpoints take turns (round-robin).</summary>
    /// <exception cref="InvalidOperationException">The service is configured but has no endpoint for the scheme or name.</exception>
    public Uri ResolveNext(Uri logicalAddress)
    {
        var lookup = Lookup(logicalAddress);
        if (lookup.Endpoints.Count == 1)
        {
            return Rebase(logicalAddress, lookup.Endpoints[0]);
        }

        var cursor = _roundRobinCursors.GetOrAdd(lookup.ConfigurationKey, static _ => new StrongBox<int>(-1));
        var index = (int)((uint)Interlocked.Increment(ref cursor.Value) % (uint)lookup.Endpoints.Count);
        return Rebase(logicalAddress, lookup.Endpoints[index]);
    }

    private EndpointLookup Lookup(Uri logicalAddress)
    {
        ArgumentNullException.ThrowIfNull(logicalAddress);
        if (!logicalAddress.IsAbsoluteUri)
        {
            throw new ArgumentException($"'{logicalAddress}' is not an absolute address.", nameof(logicalAddress));
        }

        var (serviceName, endpointName) = ParseHost(logicalAddress.Host);
        var schemes = logicalAddress.Scheme.Split('+', StringSplitOptions.RemoveEmptyEntries);
        var service = configuration.GetSection($"{ServicesSection}:{serviceName}");
        if (!service.Exists())
        {
            // Not a service of this app: a real host name. A combined scheme still needs a real one.
            var passThrough = schemes.Length > 1 ? new UriBuilder(logicalAddress) { Scheme = schemes[0] }.Uri : logicalAddress;
            return new EndpointLookup(logicalAddress.Host, [passThrough]);
        }

        if (endpointName is not null)
        {
            var key = $"{ServicesSection}:{serviceName}:{endpointName}";
            var named = ReadEndpoints(key, schemes[0]);
            return named.Count > 0
                ? new EndpointLookup(key, named)
                : throw new InvalidOperationException(
                    $"Service '{serviceName}' has no endpoint named '{endpointName}': configure '{key}:0' (environment variable '{ToEnvironmentVariable(key)}__0').");
        }

        foreach (var scheme in schemes)
        {
            var key = $"{ServicesSection}:{serviceName}:{scheme}";
            var endpoints = ReadEndpoints(key, scheme);
            if (endpoints.Count > 0)
            {
                return new EndpointLookup(key, endpoints);
            }
        }

        var expectedKeys = string.Join(" or ", schemes.Select(scheme => $"'{ServicesSection}:{serviceName}:{scheme}:0'"));
        throw new InvalidOperationException(
            $"Service '{serviceName}' has no endpoint for '{logicalAddress.Scheme}': configure {expectedKeys}.");
    }

    private List<Uri> ReadEndpoints(string key, string defaultScheme)
    {
        var section = configuration.GetSection(key);
        var values = section.GetChildren().Select(child => (child.Path, child.Value)).ToList();
        if (values.Count == 0 && !string.IsNullOrWhiteSpace(section.Value))
        {
            values.Add((section.Path, section.Value));
        }

        var endpoints = new List<Uri>(values.Count);
        foreach (var (path, value) in values)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            // Aspire writes full addresses (http://localhost:5123); "host:port" takes the requested scheme.
            var text = value.Contains("://", StringComparison.Ordinal) ? value : $"{defaultScheme}://{value}";
            endpoints.Add(Uri.TryCreate(text, UriKind.Absolute, out var endpoint)
                ? endpoint
                : throw new InvalidOperationException($"Configuration '{path}' is not an endpoint address: '{value}'."));
        }

        return endpoints;
    }

    private static (string ServiceName, string? EndpointName) ParseHost(string host)
    {
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return host.StartsWith('_') && dot > 1 && dot < host.Length - 1
            ? (host[(dot + 1)..], host[1..dot])
            : (host, null);
    }

    private static Uri Rebase(Uri logicalAddress, Uri endpoint) =>
        ReferenceEquals(logicalAddress, endpoint)
            ? logicalAddress
            : new UriBuilder(logicalAddress) { Scheme = endpoint.Scheme, Host = endpoint.Host, Port = endpoint.Port }.Uri;

    private static string ToEnvironmentVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private sealed record EndpointLookup(string ConfigurationKey, IReadOnlyList<Uri> Endpoints);
}
