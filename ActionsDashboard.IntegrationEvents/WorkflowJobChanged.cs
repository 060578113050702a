using ActionsDashboard.EventBus.Events;

namespace ActionsDashboard.IntegrationEvents;

/// <summary>A <c>workflow_job</c> delivery: a job was queued, is waiting, started or completed.</summary>
public sealed record WorkflowJobChanged : IntegrationEvent
{
    public string DeliveryId { get; init; } = "";

    /// <summary><c>queued</c>, <c>waiting</c>, <c>in_progress</c> or <c>completed</c>; need not equal <see cref="Status"/>.</summary>
    public string Action { get; init; } = "";

    public RepositoryReference Repository { get; init; } = null!;

    public long? InstallationId { get; init; }

    public long JobId { get; init; }

    public long RunId { get; init; }

    public int? RunAttempt { get; init; }

    public string Name { get; init; } = "";

    public string? WorkflowName { get; init; }

    public string? HeadBranch { get; init; }

    public string HeadSha { get; init; } = "";

    public string? Status { get; init; }

    public string? Conclusion { get; init; }

    /// <summary>When the job was queued (<c>created_at</c>).</summary>
    public DateTimeOffset? QueuedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public string? RunnerName { get; init; }

    public string? RunnerGroupName { get; init; }

    public IReadOnlyList<string> Labels { get; init; } = [];

    public IReadOnlyList<WorkflowJobStep> Steps { get; init; } = [];

    public string? HtmlUrl { get; init; }

    /// <summary>The deployment environment, when the job targets one (such jobs can wait for approval).</summary>
    public string? Environment { get; init; }
}
