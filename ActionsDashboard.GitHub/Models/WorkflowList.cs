namespace ActionsDashboard.GitHub.Models;

public sealed record WorkflowList
{
    public int TotalCount { get; init; }
    public IReadOnlyList<Workflow> Workflows { get; init; } = [];
}
