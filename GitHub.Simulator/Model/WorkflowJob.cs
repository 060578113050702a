namespace GitHub.Simulator.Model;

public sealed class WorkflowJob
{
    public required long Id { get; init; }

    public required WorkflowRun Run { get; init; }

    public required int RunAttempt { get; init; }

    public required JobTemplate Template { get; init; }

    public string Name => Template.Name;

    /// <summary>The <c>runs-on</c> labels, as GitHub's job shape has them.</summary>
    public IReadOnlyList<string> Labels => Template.Labels;

    public string Status { get; set; } = RunStatus.Queued;

    public string? Conclusion { get; set; }

    /// <summary>When the job was queued; the history sets it when the job before it ends (as with <c>needs:</c>).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Steps appear when the job starts (a queued job has none, as on GitHub).</summary>
    public List<WorkflowStep> Steps { get; } = [];

    /// <summary>The step number that fails, when this job is planned to fail.</summary>
    public int? FailAtStep { get; set; }

    /// <summary>The planned failure is a flake: nothing is wrong with the commit, and a re-run passes.</summary>
    public bool Flaky { get; set; }

    /// <summary>What went wrong, once a step failed: the error its log shows and the check run's annotations.</summary>
    public JobFailure? Failure { get; set; }

    /// <summary>How long the job waits for a runner once it is next (slow runner labels of scenario and history runs).</summary>
    public TimeSpan RunnerWait { get; set; }

    /// <summary>When the job was first next to start: its runner wait counts from then.</summary>
    public DateTimeOffset? ReadyAt { get; set; }

    public required int RunnerId { get; init; }

    public bool IsCompleted => Status == RunStatus.Completed;
}
