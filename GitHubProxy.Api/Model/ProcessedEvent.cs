namespace GitHubProxy.Api.Model;

/// <summary>An integration event a consumer has applied (unique per consumer and event id), written in the same transaction.</summary>
public sealed class ProcessedEvent
{
    public string Consumer { get; set; } = "";
    public Guid EventId { get; set; }
    public DateTimeOffset ProcessedAt { get; set; }
}
