namespace Gateway.Infrastructure;

/// <summary>
/// Security headers on every response that leaves the gateway, the browser's single origin. The CSP suits the Vite-built
/// React app (scripts only from this origin; inline styles, which React's style attributes need), allows avatars from
/// GitHub (and from the configured GitHub hosts, where GitHub Enterprise Server and the simulator serve them), and lets
/// the sign-in redirect reach GitHub's web host.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, string contentSecurityPolicy, bool strictTransportSecurity)
{
    public const string AvatarsOrigin = "https://avatars.githubusercontent.com";

    public static string BuildContentSecurityPolicy(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var web = OriginOf(configuration["GitHub:WebBaseUrl"] ?? "https://github.com");
        var api = OriginOf(configuration["GitHub:ApiBaseUrl"] ?? "https://api.github.com");
        var images = string.Join(' ', new[] { "'self'", "data:", AvatarsOrigin, web, api }.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal));
        var forms = string.Join(' ', new[] { "'self'", web }.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal));
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + $"img-src {images}; connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action {forms}";
    }

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = contentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            // Over TLS only (the browser ignores it on plain HTTP): HTTPS seen here, or told by a trusted proxy.
            if (strictTransportSecurity && context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }

    // A base URL's scheme://host[:port]; an unparsable one contributes nothing (GitHubOptions validation reports it).
    private static string OriginOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "";
}
