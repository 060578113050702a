namespace ActionsDashboard.EventBus.Abstractions;

/// <summary>
/// An integration event as JSON, with what is needed to publish it later: its id, its type name (the routing key)
/// and the W3C trace context of the operation that produced it.
/// </summary>
public sealed record SerializedIntegrationEvent(Guid Id, string EventType, DateTimeOffset CreationDate, ReadOnlyMemory<byte> Body)
{
    /// <summary>W3C <c>traceparent</c> of the operation that created the event, if it was traced.</summary>
    public string? TraceParent { get; init; }

    /// <summary>W3C <c>tracestate</c> that goes with <see cref="TraceParent"/>.</summary>
    public string? TraceState { get; init; }
}
