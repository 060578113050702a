using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Api.FunctionalTests.Infrastructure;

namespace Webhooks.Api.FunctionalTests;

[Collection(ServersCollection.Name)]
public sealed class EndpointMetadataTests(WebhooksApiFixture fixture) : ApiTestBase(fixture)
{
    [Fact]
    public void Every_endpoint_declares_a_summary_and_tags()
    {
        var endpoints = Api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is not ("/health" or "/alive"))
            .ToList();

        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/webhooks/github");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText!.StartsWith("/internal/webhooks/deliveries", StringComparison.Ordinal));
        Assert.Empty(endpoints
            .Where(e => string.IsNullOrWhiteSpace(e.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary)
                || e.Metadata.GetMetadata<ITagsMetadata>() is not { Tags.Count: > 0 })
            .Select(e => e.DisplayName));
    }
}
