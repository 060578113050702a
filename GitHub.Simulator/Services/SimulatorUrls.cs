using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Services;

/// <summary>
/// The base URL that goes into <c>url</c>/<c>html_url</c> fields and Link headers. The simulator serves API and web
/// pages from one origin, so API base URL and web base URL are the same (<c>Simulator:PublicUrl</c>, else the
/// request's own scheme, host and path base).
/// </summary>
public sealed class SimulatorUrls(IOptionsMonitor<SimulatorOptions> options, IServer server)
{
    public string ForRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Configured ?? $"{request.Scheme}://{request.Host}{request.PathBase}".TrimEnd('/');
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
