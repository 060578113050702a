using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Webhooks.Api.Apis;

public sealed class InternalApiOptions
{
    public const string SectionName = "Internal";

    /// <summary>The bearer token the internal routes require. Unset: the routes answer 404, as if they did not exist.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>
/// Guards <c>/internal/**</c>. The gateway does not route there, so only callers inside the network reach it, and
/// they still need <c>Authorization: Bearer &lt;Internal:ApiKey&gt;</c>.
/// </summary>
internal sealed class InternalApiKeyFilter(IOptionsMonitor<InternalApiOptions> options) : IEndpointFilter
{
    private const string BearerPrefix = "Bearer ";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var apiKey = options.CurrentValue.ApiKey;
        if (string.IsNullOrEmpty(apiKey))
        {
            return TypedResults.NotFound();
        }

        var authorization = context.HttpContext.Request.Headers.Authorization.ToString();
        var presented = authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? authorization[BearerPrefix.Length..].Trim() : "";
        if (!KeysMatch(presented, apiKey))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(
                title: "Internal API key required",
                detail: "Send 'Authorization: Bearer <key>' with the key configured as Internal:ApiKey on this service.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context);
    }

    // Hashing first gives equal-length inputs, so the comparison time reveals neither the key nor its length.
    private static bool KeysMatch(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
