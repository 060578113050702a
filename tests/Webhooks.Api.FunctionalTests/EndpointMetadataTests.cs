using ActionsDashboard.TestInfrastructure;
using Webhooks.Api.FunctionalTests.Infrastructure;

namespace Webhooks.Api.FunctionalTests;

[Collection(ServersCollection.Name)]
public sealed class EndpointMetadataTests(WebhooksApiFixture fixture) : ApiTestBase(fixture)
{
    [Fact]
    public void Every_endpoint_declares_a_summary_and_tags()
    {
        var endpoints = EndpointMetadata.RouteEndpoints(Api.Services);

        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/webhooks/github");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText!.StartsWith("/internal/webhooks/deliveries", StringComparison.Ordinal));
        Assert.Empty(EndpointMetadata.WithoutSummaryOrTags(endpoints));
    }
}
