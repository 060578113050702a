namespace Webhooks.Api.Model;

/// <summary>
/// One delivery from GitHub, keyed by its <c>X-GitHub-Delivery</c> id (a redelivery repeats it) and unique by the
/// hash of its payload as well.
/// </summary>
public sealed class WebhookDelivery
{
    public const int MaxIdLength = 100;

    /// <summary>The <c>X-GitHub-Delivery</c> header.</summary>
    public required string Id { get; init; }

    /// <summary>The <c>X-GitHub-Event</c> header, e.g. <c>workflow_run</c>.</summary>
    public required string Event { get; init; }

    public string? Action { get; set; }

    public string? RepositoryFullName { get; set; }

    public long? InstallationId { get; set; }

    /// <summary>The <c>X-GitHub-Hook-ID</c> header: which webhook sent it.</summary>
    public long? HookId { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The JSON payload exactly as received (the decoded <c>payload</c> field of a form-encoded delivery).</summary>
    public required byte[] Payload { get; init; }

    /// <summary>
    /// SHA-256 of <see cref="Payload"/>, unique: a signed body replayed under a fresh delivery id is a duplicate.
    /// Null only for deliveries stored before it was recorded.
    /// </summary>
    public byte[]? PayloadSha256 { get; init; }

    public DeliveryState State { get; set; }

    /// <summary>Why it is <see cref="DeliveryState.Failed"/>.</summary>
    public string? Error { get; set; }

    /// <summary>When its last event was published (or it was marked processed or ignored).</summary>
    public DateTimeOffset? ProcessedAt { get; set; }

    public int ReprocessCount { get; set; }

    public List<OutboxMessage> OutboxMessages { get; } = [];
}
