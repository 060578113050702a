using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ActionsDashboard.TestInfrastructure;

/// <summary>What a service's own endpoints declare about themselves, for the tests that keep every endpoint described.</summary>
public static class EndpointMetadata
{
    /// <summary>The route endpoints of the host behind <paramref name="services"/>, health and liveness aside.</summary>
    public static IReadOnlyList<RouteEndpoint> RouteEndpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is not ("/health" or "/alive"))
            .ToList();

    /// <summary>The display names of <paramref name="endpoints"/> that lack a summary or a tag.</summary>
    public static IEnumerable<string?> WithoutSummaryOrTags(IEnumerable<RouteEndpoint> endpoints) =>
        endpoints
            .Where(e => string.IsNullOrWhiteSpace(e.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary)
                || e.Metadata.GetMetadata<ITagsMetadata>() is not { Tags.Count: > 0 })
            .Select(e => e.DisplayName);
}
