namespace GitHubProxy.Api.Model;

/// <summary>
/// <c>GET /api/repos/{owner}/{repo}/workflows/{workflowId}/insights</c>: one workflow's health over the last <see cref="Days"/>
/// UTC days (today included), computed from the read model. <see cref="Branch"/> is the filter asked for (null: every branch);
/// <see cref="FailingSince"/> is always about one branch, the one asked for or else the repository's default branch.
/// </summary>
public sealed record WorkflowInsights(
    string Repository,
    long WorkflowId,
    string? WorkflowName,
    string? Branch,
    int Days,
    DateTimeOffset Since,
    RunCounts Runs,
    Percentiles Duration,
    Percentiles QueueTime,
    IReadOnlyList<DailyRuns> Daily,
    IReadOnlyList<JobDurations> SlowestJobs,
    FailureStreak? FailingSince,
    DateTimeOffset GeneratedAt);
