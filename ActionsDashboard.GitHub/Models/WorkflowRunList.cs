namespace ActionsDashboard.GitHub.Models;

public sealed record WorkflowRunList
{
    public int TotalCount { get; init; }
    public IReadOnlyList<WorkflowRun> WorkflowRuns { get; init; } = [];
}
