namespace Webhooks.Api.Model;

/// <summary>
/// An integration event waiting to be published, written in the same transaction as the delivery that yielded it.
/// The dispatcher publishes pending rows in <see cref="Sequence"/> order.
/// </summary>
public sealed partial class OutboxMessage
{
    /// <summary>Assigned by the database in commit-independent insertion order.</summary>
    public long Sequence { get; private init; }

    public Guid EventId { get; init; }

    /// <summary>The event's type name, which is also its routing key (<c>WorkflowRunChanged</c>).</summary>
    public required string EventType { get; init; }

    /// <summary>The event as JSON.</summary>
    public required string Content { get; init; }

    public required string DeliveryId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? PublishedAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>W3C trace context of the request that stored it, so the publish joins that trace.</summary>
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }
}
