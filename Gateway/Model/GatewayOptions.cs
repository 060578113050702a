namespace Gateway.Model;

/// <summary>The <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>
    /// Origins (<c>https://dashboard.example.com</c>) accepted in <c>Origin</c> on unsafe requests besides the request's
    /// own scheme and host: needed when a TLS terminator in front of the gateway makes the browser's origin differ.
    /// </summary>
    public List<string> PublicOrigins { get; set; } = [];

    /// <summary>Where Auth.Api is (service discovery name by default).</summary>
    public string AuthApiUrl { get; set; } = "http://auth-api";

    /// <summary>How long a resolved session is reused from Redis before Auth.Api is asked again (logout through the
    /// gateway forgets it at once; other endings, such as a failed token refresh, are seen within this time).</summary>
    public TimeSpan SessionCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an unknown or ended cookie is remembered as such, so replaying it cannot hammer Auth.Api.</summary>
    public TimeSpan UnknownSessionCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest request body for routes without their own <c>MaxRequestBodySize</c> route metadata.</summary>
    public long MaxRequestBodySize { get; set; } = 1024 * 1024;

    public RateLimitSettings RateLimits { get; set; } = new();
}
