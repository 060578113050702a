namespace GitHubProxy.Api.Model;

/// <summary>A repository the read model follows: when it was backfilled and when a webhook last arrived for it.</summary>
public sealed class TrackedRepository
{
    public string RepositoryKey { get; set; } = "";
    public string Repository { get; set; } = "";
    public DateTimeOffset? BackfilledAt { get; set; }
    public DateTimeOffset? LastWebhookAt { get; set; }
}
