namespace GitHubProxy.Api.Model;

/// <summary>
/// Which stored run is the latest of a repository's (workflow, branch), kept beside <c>workflow_runs</c> in the same
/// statement that writes a run. The dashboard reads these pointers, so its cost is the number of (workflow, branch) pairs,
/// not the number of runs kept (30 days of a busy organisation is thousands per repository).
/// </summary>
public sealed class LatestRun
{
    public long RepositoryId { get; set; }
    public long WorkflowId { get; set; }
    /// <summary>The run's branch; empty for a run without one.</summary>
    public string Branch { get; set; } = "";
    public long RunId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
