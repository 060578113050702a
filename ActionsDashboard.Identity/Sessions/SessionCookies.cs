using Microsoft.AspNetCore.Http;

namespace ActionsDashboard.Identity.Sessions;

/// <summary>
/// Names of the cookies Auth.Api sets and the gateway reads. Secure cookies carry the <c>__Host-</c> prefix, which
/// browsers only accept with Secure, Path=/ and no Domain, so a sibling subdomain cannot plant or overwrite them.
/// </summary>
public static class SessionCookies
{
    public const string SecureSessionName = "__Host-ad_session";
    public const string DevelopmentSessionName = "ad_session";
    public const string SecureSignInName = "__Host-ad_signin";
    public const string DevelopmentSignInName = "ad_signin";

    public const string CsrfHeaderName = "X-CSRF-Token";

    public static readonly IReadOnlyList<string> AllNames = [SecureSessionName, DevelopmentSessionName, SecureSignInName, DevelopmentSignInName];

    /// <summary>Secure whenever the request is HTTPS, and in every environment but Development.</summary>
    public static bool UseSecureCookies(bool isHttps, bool isDevelopment) => isHttps || !isDevelopment;

    public static string SessionName(bool secure) => secure ? SecureSessionName : DevelopmentSessionName;

    public static string SignInName(bool secure) => secure ? SecureSignInName : DevelopmentSignInName;

    /// <summary>The session id from the cookie that matches the request's security; null when there is none.</summary>
    public static string? ReadSessionId(HttpRequest request, bool secure)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Cookies[SessionName(secure)];
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
