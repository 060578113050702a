namespace ActionsDashboard.GitHub.Models;

public sealed record WorkflowStep
{
    public string Name { get; init; } = "";
    public string? Status { get; init; }
    public string? Conclusion { get; init; }
    public int Number { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
}
