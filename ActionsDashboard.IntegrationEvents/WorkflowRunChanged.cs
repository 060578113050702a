using ActionsDashboard.EventBus.Events;

namespace ActionsDashboard.IntegrationEvents;

/// <summary>
/// A <c>workflow_run</c> delivery: a run was requested, started or completed. GitHub neither orders nor guarantees
/// deliveries, so a consumer keeps the newest state by <see cref="UpdatedAt"/> and status rank, never moving back.
/// </summary>
public sealed record WorkflowRunChanged : IntegrationEvent
{
    /// <summary>The <c>X-GitHub-Delivery</c> this event came from.</summary>
    public string DeliveryId { get; init; } = "";

    /// <summary><c>requested</c>, <c>in_progress</c> or <c>completed</c>: what happened; need not equal <see cref="Status"/>.</summary>
    public string Action { get; init; } = "";

    public RepositoryReference Repository { get; init; } = null!;

    /// <summary>The GitHub App installation that delivered it (null for a repository or organisation webhook).</summary>
    public long? InstallationId { get; init; }

    public long RunId { get; init; }

    /// <summary>At least 1.</summary>
    public int RunAttempt { get; init; }

    public long RunNumber { get; init; }

    public long WorkflowId { get; init; }

    /// <summary>What to show, never empty: the run's name, else the workflow's name, else the display title, else <c>Run #N</c>
    /// (GitHub sends empty run names).</summary>
    public string Name { get; init; } = "";

    /// <summary>The workflow's own name (<c>workflow.name</c>), when the delivery carries it.</summary>
    public string? WorkflowName { get; init; }

    public string? DisplayTitle { get; init; }

    public string? WorkflowPath { get; init; }

    /// <summary>What triggered the run: <c>push</c>, <c>pull_request</c>, <c>workflow_dispatch</c>, ...</summary>
    public string Event { get; init; } = "";

    public string? HeadBranch { get; init; }

    /// <summary>The repository's default branch (<c>repository.default_branch</c>) when the delivery carries it: what an alert
    /// rule without a branch follows.</summary>
    public string? DefaultBranch { get; init; }

    public string HeadSha { get; init; } = "";

    public string? CommitMessage { get; init; }

    /// <summary>Login of the user whose action started the run.</summary>
    public string? Actor { get; init; }

    /// <summary>The <see cref="Actor"/>'s avatar, as GitHub sends it.</summary>
    public string? ActorAvatarUrl { get; init; }

    /// <summary>Login of the user who triggered this attempt (differs from <see cref="Actor"/> on a re-run).</summary>
    public string? TriggeringActor { get; init; }

    /// <summary><c>requested</c>, <c>queued</c>, <c>in_progress</c>, <c>waiting</c>, <c>completed</c>, ... as GitHub sends it; never
    /// empty (a missing one is <c>completed</c> when there is a conclusion, else <c>queued</c>).</summary>
    public string? Status { get; init; }

    /// <summary><c>success</c>, <c>failure</c>, <c>cancelled</c>, <c>action_required</c>, ...; null until completed.</summary>
    public string? Conclusion { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public string? HtmlUrl { get; init; }

    public IReadOnlyList<long> PullRequestNumbers { get; init; } = [];
}
