using ActionsDashboard.GitHub.Rest;
using GitHubProxy.Api.Model;
using GitHubProxy.Api.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GitHubProxy.Api.Apis;

/// <summary><c>/api/repos/{owner}/{repo}/jobs/{jobId}/failure</c>: why a job failed, for the triage view under a failed job.</summary>
public static class JobFailureApi
{
    public static RouteGroupBuilder MapJobFailureApi(this RouteGroupBuilder api)
    {
        var repository = api.MapGroup("/repos/{owner}/{repo}").RequireRepositoryAccess().WithTags("Runs");
        repository.MapGet("/jobs/{jobId:long:min(1)}/failure", GetJobFailureAsync).WithName("GetJobFailure")
            .WithSummary("Why a job failed: its failed step, the last lines of that step's log, the check run's annotations and the run's pull requests. " +
                "A job that did not fail answers 200 with failedStep null and an empty logTail.");
        return api;
    }

    public static async Task<Results<Ok<JobFailureResponse>, ProblemHttpResult>> GetJobFailureAsync(
        CurrentUser user, [AsParameters] RequestedRepository repository, long jobId, JobFailureReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await reader.ReadAsync(user, repository.View, jobId, cancellationToken));
        }
        catch (GitHubApiException exception) when (exception.Kind is GitHubErrorKind.NotFound or GitHubErrorKind.Gone)
        {
            return Problems.NotFound("Job");
        }
    }
}
