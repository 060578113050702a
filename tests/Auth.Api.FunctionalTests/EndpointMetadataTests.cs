namespace Auth.Api.FunctionalTests;

[Collection(AuthApiCollection.Name)]
public sealed class EndpointMetadataTests(AuthApiFixture fixture)
{
    [Fact]
    public void Every_endpoint_declares_a_summary_and_tags()
    {
        var endpoints = EndpointMetadata.RouteEndpoints(fixture.StartAuthApi().Services);

        Assert.Contains(endpoints, e => e.RoutePattern.RawText!.StartsWith("/auth/", StringComparison.Ordinal));
        Assert.Contains(endpoints, e => e.RoutePattern.RawText!.StartsWith("/internal/", StringComparison.Ordinal));
        Assert.Empty(EndpointMetadata.WithoutSummaryOrTags(endpoints));
    }
}
