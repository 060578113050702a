namespace GitHubProxy.Api.Model;

/// <summary>A job in the read model (<c>dashboarddb.workflow_jobs</c>); steps are kept as JSON.</summary>
public sealed class WorkflowJobRecord
{
    public long Id { get; set; }
    public long RunId { get; set; }
    /// <summary>GitHub's repository id (see <see cref="WorkflowRunRecord.RepositoryId"/>).</summary>
    public long RepositoryId { get; set; }
    public int RunAttempt { get; set; }
    public string Name { get; set; } = "";
    public string Status { get; set; } = "queued";
    public string? Conclusion { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? RunnerName { get; set; }
    public List<string> Labels { get; set; } = [];
    public string? HtmlUrl { get; set; }
    public List<Step> Steps { get; set; } = [];
    public DateTimeOffset RecordedAt { get; set; }
}
