namespace GitHubProxy.Api.Model;

/// <summary>
/// A repository the read model follows, by GitHub's repository id (a renamed repository keeps its history; a new one under
/// an old name starts afresh): when it was backfilled and when a webhook last arrived for it.
/// </summary>
public sealed class TrackedRepository
{
    public long RepositoryId { get; set; }
    /// <summary><c>owner/name</c> as last seen, for people reading the table.</summary>
    public string Repository { get; set; } = "";
    public DateTimeOffset? BackfilledAt { get; set; }
    public DateTimeOffset? LastWebhookAt { get; set; }
}
