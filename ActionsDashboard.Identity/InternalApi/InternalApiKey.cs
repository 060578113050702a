using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.Identity.InternalApi;

public static class InternalApiKey
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>Constant time, also in the length: both sides are hashed first, so timing reveals neither key nor length.</summary>
    public static bool Matches(string? presented, string? expected) =>
        !string.IsNullOrEmpty(presented) && !string.IsNullOrEmpty(expected)
        && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    public static string? ReadBearer(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? authorization[BearerPrefix.Length..].Trim() : null;
    }

    /// <summary>Every endpoint of <paramref name="group"/> answers 401 unless the caller sends <c>Internal:ApiKey</c> as a bearer token.</summary>
    public static TBuilder RequireInternalApiKey<TBuilder>(this TBuilder group) where TBuilder : IEndpointConventionBuilder =>
        group.RequireBearerKey("Internal:ApiKey",
            services => services.GetRequiredService<IOptionsMonitor<InternalApiOptions>>().CurrentValue.ApiKey);

    /// <summary>
    /// <see cref="RequireInternalApiKey{TBuilder}"/> for routes a service offers only when configured: while
    /// <c>Internal:ApiKey</c> is unset they answer 404, as if they did not exist.
    /// </summary>
    public static TBuilder RequireInternalApiKeyWhenConfigured<TBuilder>(this TBuilder group) where TBuilder : IEndpointConventionBuilder
    {
        group.AddEndpointFilter(async (context, next) =>
            string.IsNullOrEmpty(context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<InternalApiOptions>>().CurrentValue.ApiKey)
                ? TypedResults.NotFound()
                : await next(context).ConfigureAwait(false));
        return group.RequireInternalApiKey();
    }

    /// <summary>
    /// Every endpoint of <paramref name="group"/> answers 401 problem details unless the caller sends the key
    /// <paramref name="expectedKey"/> returns (read per request, so a rotated key applies at once) as a bearer token,
    /// compared in constant time. <paramref name="settingName"/> names that key's setting in the error.
    /// </summary>
    public static TBuilder RequireBearerKey<TBuilder>(this TBuilder group, string settingName, Func<IServiceProvider, string?> expectedKey)
        where TBuilder : IEndpointConventionBuilder =>
        group.AddEndpointFilter(async (context, next) =>
        {
            if (!Matches(ReadBearer(context.HttpContext.Request), expectedKey(context.HttpContext.RequestServices)))
            {
                context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return TypedResults.Problem(
                    title: "Internal API key required",
                    detail: $"Internal routes need 'Authorization: Bearer <key>' with the key configured as {settingName}.",
                    statusCode: StatusCodes.Status401Unauthorized);
            }

            return await next(context).ConfigureAwait(false);
        });
}
