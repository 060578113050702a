using Microsoft.AspNetCore.Http.HttpResults;

namespace GitHubProxy.Api.Apis;

public static class ProxyApi
{
    public static IEndpointRouteBuilder MapProxyApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").MapGet("/{**path}", RequireSignIn);
        return app;
    }

    /// <summary>Every /api route acts for a signed-in person; the gateway's identity token arrives with the
    /// sign-in issue, so until then every request is refused, never served anonymously.</summary>
    public static ProblemHttpResult RequireSignIn() =>
        TypedResults.Problem(
            title: "Sign-in required",
            detail: "The dashboard's API acts for a signed-in GitHub user. Sign in at /auth/github and try again.",
            statusCode: StatusCodes.Status401Unauthorized);
}
