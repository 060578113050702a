namespace ActionsDashboard.EventBus.Transport;

/// <summary>A serialized event on its way to the broker.</summary>
/// <param name="Headers">Transport-neutral string headers (W3C <c>traceparent</c> / <c>tracestate</c>).</param>
public sealed record OutgoingEventMessage(
    Guid EventId,
    string EventType,
    DateTimeOffset CreationDate,
    ReadOnlyMemory<byte> Body,
    IReadOnlyDictionary<string, string> Headers);
