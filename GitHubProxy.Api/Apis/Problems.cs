using ActionsDashboard.GitHub.Rest;
using GitHubProxy.Api.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GitHubProxy.Api.Apis;

/// <summary>The problem details this service answers with, worded for a person.</summary>
public static class Problems
{
    public static ProblemHttpResult RepositoryNotFound() => TypedResults.Problem(
        title: "Repository not found",
        detail: "There is no repository by that name that you can reach with your GitHub account.",
        statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult MalformedRepository(string? owner, string? repo) => TypedResults.Problem(
        title: "Malformed repository name",
        detail: !GitHubNames.IsValidOwner(owner)
            ? "The owner must be 1 to 39 letters, digits or single hyphens, not starting or ending with a hyphen."
            : "The repository name must be 1 to 100 letters, digits, '.', '_' or '-', and not '.' or '..'.",
        statusCode: StatusCodes.Status400BadRequest);

    public static ProblemHttpResult NotFound(string what) => TypedResults.Problem(
        title: $"{what} not found",
        detail: $"GitHub has no such {what.ToLowerInvariant()} in this repository, or it is no longer there.",
        statusCode: StatusCodes.Status404NotFound);

    /// <summary>GitHub refused a re-run or cancel: 403 when the user may not, 409 when the run cannot be changed now.</summary>
    public static ProblemHttpResult ForWrite(GitHubApiException exception, string action, RepositoryView repository)
    {
        var said = exception.GitHubMessage is { Length: > 0 } message ? $" (GitHub said: \"{message}\")" : "";
        if (exception.Kind == GitHubErrorKind.Conflict || exception.Kind == GitHubErrorKind.PermissionDenied && IsStateRefusal(exception.GitHubMessage))
        {
            return TypedResults.Problem(
                title: $"The run cannot be {action} now",
                detail: $"GitHub would not let this run be {action} in its current state{said}. Wait until it has finished (or is still running, to cancel it) and try again.",
                statusCode: StatusCodes.Status409Conflict);
        }

        if (exception.Kind is GitHubErrorKind.PermissionDenied or GitHubErrorKind.Unauthorized)
        {
            return TypedResults.Problem(
                title: "GitHub refused",
                detail: $"GitHub did not let you do this: re-running or cancelling workflows in {repository.FullName} needs write access to the repository{said}.",
                statusCode: StatusCodes.Status403Forbidden);
        }

        if (exception.Kind == GitHubErrorKind.NotFound)
        {
            return NotFound("Run");
        }

        if (exception.IsRateLimit)
        {
            return TypedResults.Problem(
                title: "GitHub rate limit",
                detail: $"GitHub is limiting requests for your account right now{said}. Try again later.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return TypedResults.Problem(
            title: "GitHub failed",
            detail: $"GitHub could not do this just now{said}. Try again in a moment.",
            statusCode: StatusCodes.Status502BadGateway);
    }

    /// <summary>Sets <c>Retry-After</c> (whole seconds, at least 1) when there is a wait to tell.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan? retryAfter)
    {
        if (retryAfter is { } wait && wait > TimeSpan.Zero)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static bool IsStateRefusal(string? message) =>
        message is not null && (message.Contains("already running", StringComparison.OrdinalIgnoreCase)
            || message.Contains("cannot", StringComparison.OrdinalIgnoreCase)
            || message.Contains("no failed", StringComparison.OrdinalIgnoreCase)
            || message.Contains("not completed", StringComparison.OrdinalIgnoreCase));
}
