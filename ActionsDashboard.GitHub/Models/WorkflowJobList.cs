namespace ActionsDashboard.GitHub.Models;

public sealed record WorkflowJobList
{
    public int TotalCount { get; init; }
    public IReadOnlyList<WorkflowJob> Jobs { get; init; } = [];
}
