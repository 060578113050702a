namespace Alerts.Api.Model;

/// <summary>
/// The last completed (success or failing) run of a workflow on a branch, and the one before it, for recovery. The one
/// before is kept so that a redelivered event of the last run is judged against the same history as the first copy.
/// </summary>
public sealed class RunState
{
    public long RepositoryId { get; set; }

    public long WorkflowId { get; set; }

    public string Branch { get; set; } = "";

    public long LastRunId { get; set; }

    public int LastRunAttempt { get; set; }

    public string LastConclusion { get; set; } = "";

    public string? PreviousConclusion { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
