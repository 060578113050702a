using ActionsDashboard.GitHub;
using ActionsDashboard.GitHub.Rest;
using GitHubProxy.Api.Model;
using Microsoft.Extensions.Options;

namespace GitHubProxy.Api.Services;

/// <summary>
/// Why a job failed, from GitHub with the user's token: the job (its first failed step), the end of that step's log, the
/// check run's annotations and the run's pull requests. Everything comes through <see cref="GitHubData"/>'s cache.
/// </summary>
public sealed class JobFailureReader(GitHubData gitHub, IOptions<GitHubOptions> gitHubOptions)
{
    private static readonly HashSet<string> FailedConclusions = new(StringComparer.Ordinal) { "failure", "timed_out" };

    /// <exception cref="GitHubApiException">GitHub has no such job in the repository (<see cref="GitHubErrorKind.NotFound"/>).</exception>
    public async Task<JobFailureResponse> ReadAsync(CurrentUser user, RepositoryView repository, long jobId, CancellationToken cancellationToken)
    {
        var job = await gitHub.GetJobAsync(user, repository, jobId, cancellationToken);
        var value = job.Value;
        var failed = value.Status == "completed" && value.Conclusion is { } conclusion && FailedConclusions.Contains(conclusion);
        var step = failed ? value.Steps.FirstOrDefault(s => s.Conclusion is { } c && FailedConclusions.Contains(c)) : null;

        var annotations = gitHub.GetAnnotationsAsync(user, repository, jobId, cancellationToken);
        var pullRequests = PullRequestsAsync(user, repository, value.RunId, cancellationToken);
        var excerpt = failed ? await gitHub.GetJobLogExcerptAsync(user, repository, value, step, cancellationToken) : null;
        var annotated = await annotations;
        var log = excerpt?.Value ?? JobLogExcerpt.None;

        return new JobFailureResponse(
            value.Id,
            value.Name,
            value.RunId,
            value.RunAttempt,
            value.Status,
            value.Conclusion,
            step is null ? null : new FailedStepView(step.Number, step.Name),
            log.Lines,
            log.Truncated,
            log.Available,
            annotated.Value,
            await pullRequests,
            value.HtmlUrl,
            job.Stale || annotated.Stale || excerpt?.Stale == true,
            new[] { job.FetchedAt, annotated.FetchedAt, excerpt?.FetchedAt ?? job.FetchedAt }.Min());
    }

    private async Task<PullRequestLink[]> PullRequestsAsync(CurrentUser user, RepositoryView repository, long runId, CancellationToken cancellationToken)
    {
        try
        {
            var run = await gitHub.GetRunAsync(user, repository, runId, cancellationToken);
            return run.Value.PullRequests
                .Select(number => new PullRequestLink(number,
                    GitHubOptions.Combine(gitHubOptions.Value.WebBaseUrl, $"{repository.Owner}/{repository.Name}/pull/{number}").ToString()))
                .ToArray();
        }
        catch (GitHubApiException exception) when (exception.Kind is GitHubErrorKind.NotFound or GitHubErrorKind.Gone)
        {
            // The run was deleted after the job was read: the failure still stands, without its pull requests.
            return [];
        }
    }
}
