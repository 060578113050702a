using System.Net;
using ActionsDashboard.GitHub.Rest;
using GitHubProxy.Api.Services;
using Microsoft.AspNetCore.Diagnostics;
using Polly;

namespace GitHubProxy.Api.Apis;

/// <summary>Turns what GitHub or Auth.Api failed with into problem details instead of a 500.</summary>
public sealed class GitHubExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public const string StorageBusy = "Storage busy";

    /// <summary>How soon a request refused because storage was busy may be sent again.</summary>
    public static readonly TimeSpan StorageBusyRetryAfter = TimeSpan.FromSeconds(2);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        (int Status, string Title, string Detail, TimeSpan? RetryAfter)? problem = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Invalid request", "The request could not be read: send JSON in the documented shape.", null),
            UserTokenUnavailableException token => ((int)token.Status, token.Status == HttpStatusCode.Unauthorized ? "Session ended" : "Sign-in unavailable", token.Message, null),
            GitHubUnavailableException unavailable => (StatusCodes.Status503ServiceUnavailable, "GitHub unavailable", unavailable.Message, unavailable.RetryAfter),
            GitHubApiException { Kind: GitHubErrorKind.NotFound } => (StatusCodes.Status404NotFound, "Not found", "GitHub has no such resource, or it is no longer there.", null),
            GitHubApiException { Kind: GitHubErrorKind.Unauthorized } => (StatusCodes.Status401Unauthorized, "GitHub sign-in no longer valid",
                "GitHub no longer accepts your sign-in. Sign out and sign in again.", null),
            GitHubApiException { Kind: GitHubErrorKind.PermissionDenied } api => (StatusCodes.Status403Forbidden, "GitHub refused", api.Message, null),
            GitHubApiException { Kind: GitHubErrorKind.ValidationFailed } api => (StatusCodes.Status400BadRequest, "GitHub rejected the request",
                $"{api.Message} Check the filters or ids in the request and try again.", null),
            GitHubApiException { Kind: GitHubErrorKind.Gone } api => (StatusCodes.Status404NotFound, "Gone from GitHub",
                $"{api.Message} Reload to see what is still there; if GitHub Actions was turned off for the repository, turn it on in its settings.", null),
            GitHubApiException api => (StatusCodes.Status502BadGateway, "GitHub failed", api.Message, null),
            // The resilience handler gave up: an attempt timed out, or the circuit breaker is open after repeated failures.
            ExecutionRejectedException or HttpRequestException => (StatusCodes.Status503ServiceUnavailable, "GitHub unavailable",
                "GitHub could not be reached just now. Try again in a moment.", null),
            // This service's own storage is down or saturated (a connection pool exhausted, a timeout, the retries of EF's
            // execution strategy used up): nothing was changed, and the same request can simply be sent again.
            // EF Core without a retrying strategy wraps a transient failure in an InvalidOperationException.
            Npgsql.NpgsqlException { IsTransient: true } or Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException
                or InvalidOperationException { InnerException: Npgsql.NpgsqlException { IsTransient: true } }
                or StackExchange.Redis.RedisConnectionException or StackExchange.Redis.RedisTimeoutException
                => (StatusCodes.Status503ServiceUnavailable, StorageBusy,
                    "The dashboard's storage did not answer in time. Nothing was changed: try again in a moment.", StorageBusyRetryAfter),
            _ => null,
        };
        if (problem is not { } p)
        {
            return false;
        }

        if (p.RetryAfter is { } retryAfter)
        {
            Problems.SetRetryAfter(httpContext.Response, retryAfter);
        }

        httpContext.Response.StatusCode = p.Status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = p.Status, Title = p.Title, Detail = p.Detail },
        });
    }
}
