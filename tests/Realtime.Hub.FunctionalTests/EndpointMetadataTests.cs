using ActionsDashboard.TestInfrastructure;
using Realtime.Hub.FunctionalTests.Infrastructure;

namespace Realtime.Hub.FunctionalTests;

[Collection(RealtimeCollection.Name)]
public sealed class EndpointMetadataTests(RealtimeFixture fixture)
{
    [Fact]
    public void Every_endpoint_declares_a_summary_and_tags()
    {
        var endpoints = EndpointMetadata.RouteEndpoints(fixture.Hub.Services);

        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/events");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/ws");
        Assert.Empty(EndpointMetadata.WithoutSummaryOrTags(endpoints));
    }
}
