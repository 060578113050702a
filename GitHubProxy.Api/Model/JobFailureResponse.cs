namespace GitHubProxy.Api.Model;

/// <summary>
/// <c>GET /api/repos/{owner}/{repo}/jobs/{jobId}/failure</c>: why a job failed. For a job that did not fail (or has not
/// finished) <see cref="FailedStep"/> is null and <see cref="LogTail"/> empty; annotations are still listed.
/// </summary>
public sealed record JobFailureResponse(
    long JobId,
    string JobName,
    long RunId,
    int RunAttempt,
    string Status,
    string? Conclusion,
    FailedStepView? FailedStep,
    IReadOnlyList<LogLine> LogTail,
    bool LogTruncated,
    bool LogAvailable,
    IReadOnlyList<AnnotationView> Annotations,
    IReadOnlyList<PullRequestLink> PullRequests,
    string? HtmlUrl,
    bool Stale,
    DateTimeOffset FetchedAt);
