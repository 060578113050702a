namespace GitHubProxy.Api.Model;

/// <summary>A workflow run in the read model (<c>dashboarddb.workflow_runs</c>), fed by webhooks and backfills.</summary>
public sealed class WorkflowRunRecord
{
    public long Id { get; set; }
    /// <summary>
    /// GitHub's repository id, what the row is read and authorised by: a name can be renamed, or deleted and taken by a new
    /// repository (another owner's), whose users must not see this history; the id never moves to another repository.
    /// </summary>
    public long RepositoryId { get; set; }
    /// <summary><c>owner/name</c> as the last webhook or GitHub read spelled it (for calls to GitHub and logs, never for access).</summary>
    public string Repository { get; set; } = "";
    public long RunNumber { get; set; }
    public int RunAttempt { get; set; }
    public long WorkflowId { get; set; }
    public string WorkflowName { get; set; } = "";
    public string? DisplayTitle { get; set; }
    public string Event { get; set; } = "";
    public string? Branch { get; set; }
    public string HeadSha { get; set; } = "";
    public string? CommitMessage { get; set; }
    public string? ActorLogin { get; set; }
    public string? ActorAvatarUrl { get; set; }
    public string Status { get; set; } = "queued";
    public string? Conclusion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string HtmlUrl { get; set; } = "";
    public long[] PullRequests { get; set; } = [];
    /// <summary>The GitHub App installation that delivered the run's webhooks: the reconciler re-checks the run as it.</summary>
    public long? InstallationId { get; set; }
    /// <summary>When the row was last written or confirmed (webhook, backfill, reconciler).</summary>
    public DateTimeOffset RecordedAt { get; set; }
}
