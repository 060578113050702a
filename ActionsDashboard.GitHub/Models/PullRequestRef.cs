namespace ActionsDashboard.GitHub.Models;

/// <summary>A pull request as a workflow run references it (no title: only number and refs).</summary>
public sealed record PullRequestRef
{
    public long Id { get; init; }
    public long Number { get; init; }
    public GitRefRef? Head { get; init; }
    public GitRefRef? Base { get; init; }
}
