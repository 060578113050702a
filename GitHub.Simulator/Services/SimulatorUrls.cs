using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Services;

/// <summary>
/// The base URL that goes into <c>url</c>/<c>html_url</c> fields and Link headers. The simulator serves API and web
/// pages from one origin, so API base URL and web base URL are the same (<c>Simulator:PublicUrl</c>, else the
/// request's own scheme, host and path base). The REST API also answers under GitHub Enterprise Server's
/// <see cref="EnterpriseApiPrefix"/>, which is not part of that base: web links (<c>html_url</c>) never carry it, and
/// only the Link headers of a request that came through it do (<see cref="ApiPrefixOf"/>), so a client keeps paging
/// in the layout it started in.
/// </summary>
public sealed class SimulatorUrls(IOptionsMonitor<SimulatorOptions> options, IServer server)
{
    /// <summary>
    /// GitHub Enterprise Server serves REST at <c>https://HOST/api/v3</c>; Octokit and other clients put it in front of
    /// every path when their base address is not api.github.com, so a GHES-configured client works unchanged.
    /// </summary>
    public const string EnterpriseApiPrefix = "/api/v3";

    public string ForRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pathBase = request.PathBase.Value ?? "";
        if (pathBase.EndsWith(EnterpriseApiPrefix, StringComparison.OrdinalIgnoreCase))
        {
            pathBase = pathBase[..^EnterpriseApiPrefix.Length];
        }
        return Configured ?? $"{request.Scheme}://{request.Host}{pathBase}".TrimEnd('/');
    }

    /// <summary><see cref="EnterpriseApiPrefix"/> when the request came through it, otherwise empty.</summary>
    public static string ApiPrefixOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.PathBase.Value?.EndsWith(EnterpriseApiPrefix, StringComparison.OrdinalIgnoreCase) == true ? EnterpriseApiPrefix : "";
    }

    /// <summary>For webhook payloads, which no request shapes: the configured URL, else the first listening address.</summary>
    public string ForBackground()
    {
        if (Configured is { } configured)
        {
            return configured;
        }
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null || !Uri.TryCreate(address.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal)
                .Replace("://[::]", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return "http://localhost";
        }
        return uri.GetLeftPart(UriPartial.Authority);
    }

    private string? Configured =>
        string.IsNullOrWhiteSpace(options.CurrentValue.PublicUrl) ? null : options.CurrentValue.PublicUrl.Trim().TrimEnd('/');
}
