namespace GitHubProxy.Api.Model;

/// <summary><c>GET /api/insights</c>: what needs attention across the user's selected repositories over the last <see cref="Days"/> UTC days.</summary>
public sealed record InsightsResponse(
    int Days,
    DateTimeOffset Since,
    IReadOnlyList<string> Repositories,
    IReadOnlyList<FlakyJob> FlakyJobs,
    IReadOnlyList<WorkflowFailures> FailingWorkflows,
    IReadOnlyList<WorkflowDurations> SlowestWorkflows,
    IReadOnlyList<LabelQueueTime> QueueTimeByLabel,
    DateTimeOffset GeneratedAt);
