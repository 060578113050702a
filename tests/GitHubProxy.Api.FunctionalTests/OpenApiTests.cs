using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

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
    public async Task Every_operation_in_the_OpenAPI_document_has_a_summary_and_a_tag()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var document = await client.GetFromJsonAsync<JsonObject>("/api/openapi.json");
        var operations = document!["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(operation => operation.Value is JsonObject && operation.Key != "parameters")
                .Select(operation => (Name: $"{operation.Key.ToUpperInvariant()} {path.Key}", Operation: operation.Value!.AsObject())))
            .ToList();

        // Without WithTags, an operation is tagged with its handler's class (RunsApi, ...) or the application's name.
        var fallbackTags = fixture.Proxy.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<MethodInfo>()?.DeclaringType?.Name)
            .OfType<string>()
            .Append(fixture.Proxy.Services.GetRequiredService<IHostEnvironment>().ApplicationName)
            .ToHashSet(StringComparer.Ordinal);
        var withoutSummary = operations.Where(o => string.IsNullOrWhiteSpace((string?)o.Operation["summary"]))
            .Select(o => $"{o.Name}: no summary");
        var withoutTag = operations
            .Where(o => o.Operation["tags"] is not JsonArray { Count: > 0 } tags
                || tags.Any(tag => string.IsNullOrWhiteSpace((string?)tag) || fallbackTags.Contains((string)tag!)))
            .Select(o => $"{o.Name}: no tag of its own");

        Assert.NotEmpty(operations);
        Assert.Empty(withoutSummary.Concat(withoutTag));
    }

    [Fact]
    public void Every_endpoint_declares_a_summary_and_tags()
    {
        // The document covers /api only: this also covers /internal and the document itself.
        var endpoints = EndpointMetadata.RouteEndpoints(fixture.Proxy.Services);

        Assert.Contains(endpoints, e => e.RoutePattern.RawText!.StartsWith("/internal/", StringComparison.Ordinal));
        Assert.Empty(EndpointMetadata.WithoutSummaryOrTags(endpoints));
    }

    [Fact]
    public async Task The_OpenAPI_document_needs_a_signed_in_user()
    {
        using var client = fixture.Proxy.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/openapi.json")).StatusCode);
    }

    [GeneratedRegex(@"(:[a-z]+(\([^)]*\))?)+}")]
    private static partial Regex Constraint();
}
