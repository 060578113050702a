namespace GitHub.Simulator.Model;

public sealed class WorkflowRun
{
    public required long Id { get; init; }

    public required Workflow Workflow { get; init; }

    public Repository Repository => Workflow.Repository;

    public required int RunNumber { get; init; }

    public int RunAttempt { get; set; } = 1;

    public required string Event { get; init; }

    public required string HeadBranch { get; init; }

    public required string HeadSha { get; init; }

    public required string TreeId { get; init; }

    public required string CommitMessage { get; init; }

    public required Account Actor { get; init; }

    public required Account TriggeringActor { get; set; }

    public required long CheckSuiteId { get; init; }

    /// <summary>The pull request of a <c>pull_request</c> run (its head is the run's branch); null for other events.</summary>
    public int? PullRequestNumber { get; set; }

    public string Status { get; set; } = RunStatus.Queued;

    public string? Conclusion { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset RunStartedAt { get; set; }

    /// <summary>Jobs of every attempt, oldest first.</summary>
    public List<WorkflowJob> Jobs { get; } = [];

    public IEnumerable<WorkflowJob> CurrentJobs => Jobs.Where(job => job.RunAttempt == RunAttempt);

    /// <summary>The environment the run waits for (<c>status: waiting</c>) until a reviewer approves or rejects it.</summary>
    public DeploymentEnvironment? PendingEnvironment { get; set; }

    /// <summary>When the wait for <see cref="PendingEnvironment"/> began.</summary>
    public DateTimeOffset? WaitingSince { get; set; }

    /// <summary>The inputs of a <c>workflow_dispatch</c> run, as sent.</summary>
    public IReadOnlyDictionary<string, string>? Inputs { get; set; }

    public bool IsCompleted => Status == RunStatus.Completed;
}
