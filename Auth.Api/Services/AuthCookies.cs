using ActionsDashboard.Identity.Sessions;

namespace Auth.Api.Services;

/// <summary>
/// The session cookie and the short-lived sign-in cookie: HttpOnly, SameSite=Lax (sent on the top-level redirect back
/// from GitHub, not on cross-site subrequests), Path=/, Secure with the <c>__Host-</c> prefix whenever the request is
/// HTTPS and in every environment but Development.
/// </summary>
public sealed class AuthCookies(IHostEnvironment environment)
{
    public bool IsSecure(HttpContext context) => SessionCookies.UseSecureCookies(context.Request.IsHttps, environment.IsDevelopment());

    public string? ReadSessionId(HttpContext context) => SessionCookies.ReadSessionId(context.Request, IsSecure(context));

    public string? ReadSignInState(HttpContext context) => context.Request.Cookies[SessionCookies.SignInName(IsSecure(context))];

    public void WriteSession(HttpContext context, string sessionId, DateTimeOffset expiresAt) =>
        context.Response.Cookies.Append(SessionCookies.SessionName(IsSecure(context)), sessionId, Options(context, expiresAt, maxAge: null));

    public void DeleteSession(HttpContext context) =>
        context.Response.Cookies.Delete(SessionCookies.SessionName(IsSecure(context)), Options(context, expires: null, maxAge: null));

    public void WriteSignInState(HttpContext context, string state, TimeSpan lifetime) =>
        context.Response.Cookies.Append(SessionCookies.SignInName(IsSecure(context)), state, Options(context, expires: null, lifetime));

    public void DeleteSignInState(HttpContext context) =>
        context.Response.Cookies.Delete(SessionCookies.SignInName(IsSecure(context)), Options(context, expires: null, maxAge: null));

    private CookieOptions Options(HttpContext context, DateTimeOffset? expires, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = IsSecure(context),
        SameSite = SameSiteMode.Lax,
        Path = "/",
        Expires = expires,
        MaxAge = maxAge,
        IsEssential = true,
    };
}
