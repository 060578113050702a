using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Metadata;

namespace GitHub.Simulator.Apis;

/// <summary>
/// A REST answer as GitHub writes it: <c>application/json; charset=utf-8</c>, a JSON body (or none for 304), extra
/// headers (Link, ETag, Retry-After). The REST filter adds the rate-limit headers and turns matching ETags into 304.
/// </summary>
public sealed class GitHubResult : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    private byte[]? _body;

    private GitHubResult(int statusCode, JsonNode? body)
    {
        StatusCode = statusCode;
        Body = body;
    }

    public int StatusCode { get; }

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public JsonNode? Body { get; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public byte[]? BodyBytes => Body is null ? null : _body ??= GitHubJson.Serialize(Body);

    /// <summary>GitHub's weak ETag for a body: it changes exactly when the body does.</summary>
    public string? ComputeETag() =>
        BodyBytes is { } bytes ? $"W/\"{Convert.ToHexStringLower(SHA256.HashData(bytes))}\"" : null;

    public static GitHubResult Ok(JsonNode body) => new(StatusCodes.Status200OK, body);

    public static GitHubResult Created(JsonNode body) => new(StatusCodes.Status201Created, body);

    /// <summary>204 with no body (GitHub's answer to a workflow dispatch).</summary>
    public static GitHubResult NoContent() => new(StatusCodes.Status204NoContent, null);

    public static GitHubResult Accepted() => new(StatusCodes.Status202Accepted, new JsonObject());

    /// <summary>302 with a <c>Location</c> and no body (GitHub's answer to a logs download).</summary>
    public static GitHubResult Found(string location) => new GitHubResult(StatusCodes.Status302Found, null).WithHeader("Location", location);

    public static GitHubResult NotModified() => new(StatusCodes.Status304NotModified, null);

    /// <summary>GitHub's error body: <c>{"message": ..., "documentation_url": ...}</c>.</summary>
    public static GitHubResult Error(int statusCode, string message, string documentationUrl = GitHubDocs.Rest) =>
        new(statusCode, new JsonObject
        {
            ["message"] = message,
            ["documentation_url"] = documentationUrl,
            ["status"] = statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    public static GitHubResult NotFound(string documentationUrl = GitHubDocs.Rest) => Error(StatusCodes.Status404NotFound, "Not Found", documentationUrl);

    public static GitHubResult BadCredentials() => Error(StatusCodes.Status401Unauthorized, "Bad credentials");

    public static GitHubResult RequiresAuthentication(string documentationUrl = GitHubDocs.Rest) =>
        Error(StatusCodes.Status401Unauthorized, "Requires authentication", documentationUrl);

    public GitHubResult WithHeader(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Headers[name] = value;
        }
        return this;
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }
        if (BodyBytes is not { } bytes || StatusCode == StatusCodes.Status304NotModified)
        {
            return;
        }
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(JsonObject), ["application/json"]));
    }
}
