using Microsoft.AspNetCore.Http.HttpResults;

namespace Auth.Api.Apis;

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/auth");
        auth.MapGet("/session", GetSession);
        return app;
    }

    /// <summary>The signed-in person's session. Sign-in itself arrives with the sign-in issue; until then
    /// nobody has a session, and the answer says where signing in will start.</summary>
    public static ProblemHttpResult GetSession() =>
        TypedResults.Problem(
            title: "Not signed in",
            detail: "There is no session for this browser. Sign in with GitHub at /auth/github.",
            statusCode: StatusCodes.Status401Unauthorized);
}
