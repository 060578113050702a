using ActionsDashboard.Identity;
using ActionsDashboard.Identity.Sessions;
using Gateway.Model;
using Gateway.Services;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Gateway.Infrastructure;

/// <summary>
/// The gateway's part of "Identity between services" (ARCHITECTURE.md):
/// <list type="bullet">
/// <item>drops whatever a client sends that could pass for identity (<c>Authorization</c>, <c>X-Internal-*</c>), on every route;</item>
/// <item>resolves the session cookie on routes whose policy is not <see cref="SessionPolicy.None"/> and answers 401 on
/// <see cref="SessionPolicy.Required"/> routes without a live session;</item>
/// <item>checks CSRF on unsafe methods of signed-in requests: the session's token in <c>X-CSRF-Token</c>, and a same-origin
/// <c>Origin</c> when the browser sends one (403 otherwise);</item>
/// <item>keeps the session cookies away from every service but Auth.Api (route metadata <c>ForwardSessionCookie</c>).</item>
/// </list>
/// The identity token itself is added by <see cref="IdentityForwarding"/> when the request is proxied.
/// </summary>
public sealed partial class SessionCheck(
    RequestDelegate next,
    ISessionResolver resolver,
    IHostEnvironment environment,
    IOptionsMonitor<GatewayOptions> options,
    ILogger<SessionCheck> logger)
{
    public static readonly PathString LogoutPath = "/auth/logout";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        StripClientIdentity(request.Headers);
        var route = GatewayRoute.For(context);
        if (route is null)
        {
            await next(context);
            return;
        }

        var secure = SessionCookies.UseSecureCookies(request.IsHttps, environment.IsDevelopment());
        var sessionId = route.Session == SessionPolicy.None ? null : SessionCookies.ReadSessionId(request, secure);
        if (!route.ForwardSessionCookie)
        {
            RemoveSessionCookies(request.Headers);
        }

        SessionResolution? session = null;
        if (sessionId is not null)
        {
            try
            {
                session = await resolver.ResolveAsync(sessionId, context.RequestAborted);
            }
            catch (SessionServiceUnavailableException exception)
            {
                LogResolutionFailed(logger, exception);
                if (route.Session == SessionPolicy.Required)
                {
                    await GatewayProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Sign-in service unavailable",
                        "Your session could not be checked just now. Try again in a moment.");
                    return;
                }
            }
        }

        if (session is null && route.Session == SessionPolicy.Required)
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Sign-in required",
                "This needs a signed-in session. Sign in with GitHub at /auth/github.");
            return;
        }

        if (session is not null)
        {
            // Cross-origin requests never carry a signed-in user's authority, whatever the method (WebSocket and
            // EventSource requests included: browsers send Origin on those).
            if (request.Headers.Origin.Count > 0 && !IsSameOrigin(request))
            {
                await GatewayProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "Cross-origin request refused",
                    "This request came from another site. The dashboard only accepts requests from its own pages.");
                return;
            }

            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
                && !HttpMethods.IsTrace(request.Method)
                && !SessionSecrets.CsrfTokenMatches(sessionId!, request.Headers[SessionCookies.CsrfHeaderName].ToString()))
            {
                await GatewayProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "CSRF check failed",
                    $"Send the {SessionCookies.CsrfHeaderName} header with the csrfToken from GET /auth/session.");
                return;
            }

            context.Features.Set(new GatewaySession(session));
        }

        await next(context);

        if (session is not null && request.Path.Equals(LogoutPath, StringComparison.OrdinalIgnoreCase) && HttpMethods.IsPost(request.Method)
            && context.Response.StatusCode is >= 200 and < 300)
        {
            // Auth.Api ended the session: no gateway replica may keep accepting the cookie from its cache.
            await resolver.ForgetAsync(sessionId!);
        }
    }

    private static void StripClientIdentity(IHeaderDictionary headers)
    {
        headers.Remove(HeaderNames.Authorization);
        headers.Remove(HeaderNames.ProxyAuthorization);
        List<string>? internalHeaders = null;
        foreach (var name in headers.Keys)
        {
            if (name.StartsWith(InternalIdentityDefaults.InternalHeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                (internalHeaders ??= []).Add(name);
            }
        }

        foreach (var name in internalHeaders ?? [])
        {
            headers.Remove(name);
        }
    }

    private static void RemoveSessionCookies(IHeaderDictionary headers)
    {
        if (headers.Cookie.Count == 0)
        {
            return;
        }

        var kept = new List<string>();
        foreach (var header in headers.Cookie)
        {
            foreach (var pair in (header ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var name = pair.Split('=', 2)[0];
                if (!SessionCookies.AllNames.Contains(name, StringComparer.Ordinal))
                {
                    kept.Add(pair);
                }
            }
        }

        if (kept.Count == 0)
        {
            headers.Remove(HeaderNames.Cookie);
        }
        else
        {
            headers.Cookie = string.Join("; ", kept);
        }
    }

    private bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var presented))
        {
            return false;
        }

        if (Uri.TryCreate($"{request.Scheme}://{request.Host}", UriKind.Absolute, out var own) && SameOrigin(presented, own))
        {
            return true;
        }

        return options.CurrentValue.PublicOrigins.Any(configured => Uri.TryCreate(configured, UriKind.Absolute, out var allowed) && SameOrigin(presented, allowed));
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    [LoggerMessage(Level = LogLevel.Warning, Message = "A session could not be resolved: Auth.Api is unavailable.")]
    private static partial void LogResolutionFailed(ILogger logger, Exception exception);
}
