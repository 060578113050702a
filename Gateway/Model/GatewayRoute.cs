using System.Globalization;
using Yarp.ReverseProxy.Model;

namespace Gateway.Model;

/// <summary>A proxied route's settings from its YARP metadata (appsettings.json, <c>ReverseProxy:Routes:*:Metadata</c>).</summary>
/// <param name="ConcurrentRequestsPerIp">
/// For a route exempt from the request-rate limit (webhooks): how many requests one client address may have in flight at
/// once, so slow uploads from one address cannot hold the service behind it.
/// </param>
/// <param name="SignInLimited">
/// <c>RateLimit: SignIn</c>: the tighter per-address limit for starting a sign-in (each start stores a row in Auth.Api).
/// </param>
public sealed record GatewayRoute(string RouteId, string ClusterId, SessionPolicy Session, bool ForwardSessionCookie, bool RateLimited,
    long? MaxRequestBodySize, int? ConcurrentRequestsPerIp = null, bool SignInLimited = false)
{
    public const string SessionKey = "Session";
    public const string ForwardSessionCookieKey = "ForwardSessionCookie";
    public const string RateLimitKey = "RateLimit";
    public const string MaxRequestBodySizeKey = "MaxRequestBodySize";
    public const string ConcurrentRequestsPerIpKey = "ConcurrentRequestsPerIp";

    private static readonly object ItemKey = new();

    /// <summary>The proxied route the request matched, or null (health endpoints, nothing matched). Call after routing.</summary>
    public static GatewayRoute? For(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached))
        {
            return cached as GatewayRoute;
        }

        var computed = FromEndpoint(context);
        context.Items[ItemKey] = computed;
        return computed;
    }

    private static GatewayRoute? FromEndpoint(HttpContext context)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config;
        if (route is null)
        {
            return null;
        }

        var metadata = route.Metadata ?? new Dictionary<string, string>();
        // A route that says nothing is treated as needing a session: forgetting the metadata must not open a route.
        var session = metadata.TryGetValue(SessionKey, out var value) && Enum.TryParse<SessionPolicy>(value, ignoreCase: true, out var parsed)
            ? parsed
            : SessionPolicy.Required;
        return new GatewayRoute(
            route.RouteId,
            route.ClusterId ?? "",
            session,
            metadata.TryGetValue(ForwardSessionCookieKey, out var forward) && bool.TryParse(forward, out var forwardCookie) && forwardCookie,
            !(metadata.TryGetValue(RateLimitKey, out var limit) && string.Equals(limit, "Exempt", StringComparison.OrdinalIgnoreCase)),
            metadata.TryGetValue(MaxRequestBodySizeKey, out var size) && long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
                ? bytes
                : null,
            metadata.TryGetValue(ConcurrentRequestsPerIpKey, out var concurrent)
                && int.TryParse(concurrent, NumberStyles.None, CultureInfo.InvariantCulture, out var permits) && permits > 0
                ? permits
                : null,
            metadata.TryGetValue(RateLimitKey, out var policy) && string.Equals(policy, "SignIn", StringComparison.OrdinalIgnoreCase));
    }
}
