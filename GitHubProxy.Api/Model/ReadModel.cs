namespace GitHubProxy.Api.Model;

/// <summary>A workflow run in the read model (<c>dashboarddb.workflow_runs</c>), fed by webhooks and backfills.</summary>
public sealed class WorkflowRunRecord
{
    public long Id { get; set; }
    /// <summary>Lower-case <c>owner/name</c>: GitHub compares names case-insensitively.</summary>
    public string RepositoryKey { get; set; } = "";
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

/// <summary>A job in the read model (<c>dashboarddb.workflow_jobs</c>); steps are kept as JSON.</summary>
public sealed class WorkflowJobRecord
{
    public long Id { get; set; }
    public long RunId { get; set; }
    public string RepositoryKey { get; set; } = "";
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

/// <summary>A repository the read model follows: when it was backfilled and when a webhook last arrived for it.</summary>
public sealed class TrackedRepository
{
    public string RepositoryKey { get; set; } = "";
    public string Repository { get; set; } = "";
    public DateTimeOffset? BackfilledAt { get; set; }
    public DateTimeOffset? LastWebhookAt { get; set; }
}

/// <summary>An integration event a consumer has applied (unique per consumer and event id), written in the same transaction.</summary>
public sealed class ProcessedEvent
{
    public string Consumer { get; set; } = "";
    public Guid EventId { get; set; }
    public DateTimeOffset ProcessedAt { get; set; }
}

/// <summary>One user's <see cref="Settings"/> (<c>dashboarddb.user_settings</c>).</summary>
public sealed class UserSettingsRecord
{
    public long UserId { get; set; }
    public Settings Settings { get; set; } = Settings.Default;
    public DateTimeOffset UpdatedAt { get; set; }
}
