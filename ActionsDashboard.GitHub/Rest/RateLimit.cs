using System.Globalization;
using System.Net.Http.Headers;

namespace ActionsDashboard.GitHub.Rest;

/// <summary>The <c>x-ratelimit-*</c> headers GitHub sends with every REST response.</summary>
/// <remarks>https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#checking-the-status-of-your-rate-limit</remarks>
public sealed record RateLimit(int Limit, int Remaining, int Used, DateTimeOffset Reset, string? Resource)
{
    public bool IsExhausted => Remaining <= 0;

    /// <summary>Null when the response carries no rate-limit headers (e.g. a proxy error page).</summary>
    public static RateLimit? FromHeaders(HttpHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return FromLookup(name => headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null);
    }

    public static RateLimit? FromLookup(Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (!TryInt(header("x-ratelimit-limit"), out var limit)
            || !TryInt(header("x-ratelimit-remaining"), out var remaining)
            || !long.TryParse(header("x-ratelimit-reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset))
        {
            return null;
        }
        var used = TryInt(header("x-ratelimit-used"), out var u) ? u : Math.Max(0, limit - remaining);
        var resource = header("x-ratelimit-resource");
        return new RateLimit(limit, remaining, used, DateTimeOffset.FromUnixTimeSeconds(reset),
            string.IsNullOrEmpty(resource) ? null : resource);
    }

    private static bool TryInt(string? value, out int result) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out result);
}
