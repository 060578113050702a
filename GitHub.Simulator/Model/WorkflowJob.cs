namespace GitHub.Simulator.Model;

public sealed class WorkflowJob
{
    public required long Id { get; init; }

    public required WorkflowRun Run { get; init; }

    public required int RunAttempt { get; init; }

    public required JobTemplate Template { get; init; }

    public string Name => Template.Name;

    public string Status { get; set; } = RunStatus.Queued;

    public string? Conclusion { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Steps appear when the job starts (a queued job has none, as on GitHub).</summary>
    public List<WorkflowStep> Steps { get; } = [];

    /// <summary>The step number that fails, when this job is planned to fail.</summary>
    public int? FailAtStep { get; set; }

    public required int RunnerId { get; init; }

    public bool IsCompleted => Status == RunStatus.Completed;
}
