using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;

namespace GitHubProxy.Api.FunctionalTests;

[Collection(GitHubProxyCollection.Name)]
public sealed partial class OpenApiTests(GitHubProxyFixture fixture)
{
    [Fact]
    public async Task The_OpenAPI_document_describes_exactly_the_api_endpoints()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var document = await client.GetFromJsonAsync<JsonObject>("/api/openapi.json");
        var documented = document!["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}"))
            .Where(o => !o.StartsWith("PARAMETERS", StringComparison.Ordinal))
            .OrderBy(o => o, StringComparer.Ordinal)
            .ToList();

        var endpoints = fixture.Proxy.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal)
                && e.RoutePattern.RawText != "/api/openapi.json")
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => $"{method} /{Constraint().Replace(e.RoutePattern.RawText!.TrimStart('/'), "}")}"))
            .OrderBy(o => o, StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(endpoints);
        Assert.Equal(endpoints, documented);
    }

    [Fact]
    public async Task The_OpenAPI_document_needs_a_signed_in_user()
    {
        using var client = fixture.Proxy.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/openapi.json")).StatusCode);
    }

    [GeneratedRegex(":[a-z]+}")]
    private static partial Regex Constraint();
}
