using ActionsDashboard.Identity;
using ActionsDashboard.Identity.InternalApi;
using ActionsDashboard.Identity.Sessions;
using Auth.Api.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Auth.Api.Apis;

/// <summary>
/// Service-to-service routes under <c>/internal</c>. The gateway routes only <c>/auth/**</c> here, so browsers cannot
/// reach them, and every call needs <c>Authorization: Bearer &lt;Internal:ApiKey&gt;</c> as well.
/// </summary>
public static class InternalApi
{
    public static IEndpointRouteBuilder MapInternalApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/internal").RequireInternalApiKey().DisableAntiforgery().WithTags("Internal");
        group.MapPost("/sessions/resolve", ResolveSessionAsync)
            .WithSummary("For the gateway: the live session behind a session cookie's value.");
        group.MapPost("/github-token", GetGitHubTokenAsync)
            .WithSummary("For GitHubProxy.Api: the GitHub access token of the user's session, refreshed first when due.");
        return app;
    }

    /// <summary>For the gateway: the live session behind a cookie value (sent in the body, never in a URL).</summary>
    public static async Task<Results<Ok<SessionResolution>, ProblemHttpResult>> ResolveSessionAsync(ResolveSessionRequest request,
        SessionStore sessions, CancellationToken cancellationToken)
    {
        var session = await sessions.ResolveAsync(request.SessionId, cancellationToken);
        return session is null
            ? TypedResults.Problem(title: "No such session", detail: "The session is unknown, ended or expired.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(new SessionResolution(session.SessionHash, session.UserId, session.Login, session.Name, session.AvatarUrl, session.ExpiresAt));
    }

    /// <summary>
    /// For GitHubProxy.Api: the GitHub access token of the session named by the caller's internal identity token (the
    /// one the gateway minted for the user's request, in <c>X-Internal-Identity</c>), refreshed first when it is due.
    /// </summary>
    public static async Task<Results<Ok<GitHubAccessTokenResponse>, ProblemHttpResult>> GetGitHubTokenAsync(HttpContext context,
        InternalIdentityTokenValidator identities, GitHubTokenService tokens, IOptions<AuthOptions> options, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        var identity = await identities.ValidateAsync(context.Request.Headers[InternalIdentityDefaults.HeaderName].ToString(),
            options.Value.GitHubTokenAudiences);
        if (identity.Identity is not { } caller)
        {
            return TypedResults.Problem(title: "Identity token required",
                detail: $"Send the {InternalIdentityDefaults.HeaderName} token the gateway minted for this request ({identity.Failure}).",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        var result = await tokens.GetAccessTokenAsync(caller.SessionHash, cancellationToken);
        return result.Status switch
        {
            GitHubTokenStatus.Ok => TypedResults.Ok(new GitHubAccessTokenResponse(result.AccessToken!, result.ExpiresAt)),
            GitHubTokenStatus.Unavailable => TypedResults.Problem(title: "GitHub unavailable",
                detail: "The GitHub token is due for refresh and GitHub could not be reached. Try again shortly.",
                statusCode: StatusCodes.Status503ServiceUnavailable),
            _ => TypedResults.Problem(title: "Session ended",
                detail: "The session is over (signed out, expired, or GitHub refused to refresh its token). The user has to sign in again.",
                statusCode: StatusCodes.Status401Unauthorized),
        };
    }
}
