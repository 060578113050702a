using ActionsDashboard.ServiceDefaults.ServiceDiscovery;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace Gateway.Infrastructure;

/// <summary>
/// Turns each cluster destination with a logical address (<c>http://auth-api</c>, <c>https+http://web</c>) into
/// one destination per address found in <c>services:{name}:{endpoint}:{i}</c>; other addresses pass through.
/// Resolved again whenever configuration reloads.
/// </summary>
public sealed class ServiceDiscoveryDestinationResolver(ServiceEndpointResolver resolver, IConfiguration configuration) : IDestinationResolver
{
    public ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(
        IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, destination) in destinations)
        {
            var addresses = resolver.Resolve(new Uri(destination.Address));
            for (var i = 0; i < addresses.Count; i++)
            {
                var key = addresses.Count == 1 ? name : $"{name}[{i}]";
                resolved[key] = destination with { Address = addresses[i].ToString(), Host = destination.Host };
            }
        }

        return ValueTask.FromResult(new ResolvedDestinationCollection(resolved, configuration.GetReloadToken()));
    }
}
