using System.Net;
using ActionsDashboard.Identity.Sessions;
using ActionsDashboard.IntegrationEvents;
using Auth.Api.Model;
using Auth.Api.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Auth.Api.Apis;

/// <summary>The browser-facing routes, reached through the gateway: sign-in with GitHub, the session, sign-out.</summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/auth");
        auth.MapGet("/github", StartSignInAsync)
            .WithSummary("Starts sign-in with GitHub: a redirect to GitHub's authorize page, with state and PKCE.")
            .WithTags("Sign-in");
        auth.MapGet("/callback", CompleteSignInAsync)
            .WithSummary("GitHub's redirect back: creates the session, sets its cookie and redirects to the return URL.")
            .WithTags("Sign-in");
        auth.MapGet("/session", GetSessionAsync)
            .WithSummary("Who is signed in with this browser's session cookie, and the CSRF token for writes.")
            .WithTags("Session");
        auth.MapPost("/logout", LogoutAsync)
            .WithSummary("Signs out: ends the session on the server and clears its cookie.")
            .WithTags("Session");
        return app;
    }

    /// <summary>302 to GitHub's authorize page with state and PKCE; <paramref name="login"/> suggests an account.</summary>
    public static async Task<RedirectHttpResult> StartSignInAsync(HttpContext context, SignInService signIn, AuthCookies cookies,
        IOptions<AuthOptions> options, string? returnUrl, string? login, CancellationToken cancellationToken)
    {
        var callbackUrl = options.Value.CallbackUrl is { Length: > 0 } configured
            ? configured
            : $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/auth/callback";
        var start = await signIn.StartAsync(callbackUrl, returnUrl, login, cancellationToken);
        cookies.WriteSignInState(context, start.State, options.Value.SignInLifetime);
        NoStore(context);
        return TypedResults.Redirect(start.AuthorizeUrl.AbsoluteUri);
    }

    /// <summary>GitHub's redirect back: on success a session cookie and a 302 to the (local) return URL; otherwise a 400
    /// page (or problem details for a non-browser client) and no session.</summary>
    public static async Task<IResult> CompleteSignInAsync(HttpContext context, SignInService signIn, SessionStore sessions, AuthCookies cookies,
        string? code, string? state, string? error, string? error_description, CancellationToken cancellationToken)
    {
        var completion = await signIn.CompleteAsync(code, state, cookies.ReadSignInState(context), error, error_description, cancellationToken);
        cookies.DeleteSignInState(context);
        NoStore(context);
        if (completion is { SessionId: { } sessionId, Session: { } session })
        {
            // A browser that signs in again keeps one session: the one it had is ended, not left behind valid.
            if (cookies.ReadSessionId(context) is { } previous && SessionSecrets.IsWellFormed(previous))
            {
                await sessions.EndAsync(SessionSecrets.Hash(previous), SessionEndReasons.Replaced, cancellationToken);
            }

            cookies.WriteSession(context, sessionId, session.AbsoluteExpiresAt);
            return TypedResults.Redirect(completion.ReturnUrl);
        }

        var failure = completion.Failure!;
        var status = failure.Kind == SignInFailureKind.GitHubUnavailable ? StatusCodes.Status502BadGateway : StatusCodes.Status400BadRequest;
        return WantsHtml(context.Request)
            ? TypedResults.Content(FailurePage(failure), "text/html; charset=utf-8", statusCode: status)
            : TypedResults.Problem(title: failure.Title, detail: failure.Detail, statusCode: status);
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> GetSessionAsync(HttpContext context, SessionStore sessions,
        AuthCookies cookies, CancellationToken cancellationToken)
    {
        NoStore(context);
        var sessionId = cookies.ReadSessionId(context);
        var session = await sessions.ResolveAsync(sessionId, cancellationToken);
        if (session is null)
        {
            return NotSignedIn();
        }

        return TypedResults.Ok(new SessionResponse(session.UserId, session.Login, session.Name, session.AvatarUrl, session.ExpiresAt,
            SessionSecrets.DeriveCsrfToken(sessionId!)));
    }

    /// <summary>Ends the session on the server, so the cookie is worthless even if it was copied, and clears it.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> LogoutAsync(HttpContext context, SessionStore sessions, AuthCookies cookies,
        CancellationToken cancellationToken)
    {
        NoStore(context);
        var sessionId = cookies.ReadSessionId(context);
        if (await sessions.ResolveAsync(sessionId, cancellationToken) is not { } session)
        {
            cookies.DeleteSession(context);
            return NotSignedIn();
        }

        // The gateway checks this too; checking here as well keeps logout safe if this service is ever reached directly.
        if (!SessionSecrets.CsrfTokenMatches(sessionId!, context.Request.Headers[SessionCookies.CsrfHeaderName].ToString()))
        {
            return TypedResults.Problem(title: "CSRF check failed",
                detail: $"Send the {SessionCookies.CsrfHeaderName} header with the csrfToken from GET /auth/session.",
                statusCode: StatusCodes.Status403Forbidden);
        }

        await sessions.EndAsync(session.SessionHash, SessionEndReasons.SignedOut, cancellationToken);
        cookies.DeleteSession(context);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NotSignedIn() => TypedResults.Problem(
        title: "Not signed in",
        detail: "There is no session for this browser. Sign in with GitHub at /auth/github.",
        statusCode: StatusCodes.Status401Unauthorized);

    private static void NoStore(HttpContext context) => context.Response.Headers.CacheControl = "no-store";

    private static bool WantsHtml(HttpRequest request) =>
        request.Headers.Accept.Any(accept => accept?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    private static string FailurePage(SignInFailure failure) => $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{WebUtility.HtmlEncode(failure.Title)} · ActionsDashboard</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
        <h1>{WebUtility.HtmlEncode(failure.Title)}</h1>
        <p>{WebUtility.HtmlEncode(failure.Detail)}</p>
        <p><a href="/auth/github">Sign in with GitHub</a> · <a href="/">Back to the dashboard</a></p>
        </body></html>
        """;
}
