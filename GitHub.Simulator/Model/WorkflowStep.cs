namespace GitHub.Simulator.Model;

public sealed class WorkflowStep
{
    public required string Name { get; init; }

    public required int Number { get; init; }

    public string Status { get; set; } = RunStatus.Queued;

    public string? Conclusion { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}
