namespace ActionsDashboard.EventBus.Transport;

/// <summary>A message as the broker delivered it. <see cref="Body"/> is only valid until the handler returns.</summary>
/// <param name="MessageId">The event id as the publisher set it (may be missing on a foreign message).</param>
/// <param name="DeliveryAttempt">1 on the first delivery, 2 after one failed handling, and so on.</param>
public sealed record IncomingEventMessage(
    string? MessageId,
    string EventType,
    ReadOnlyMemory<byte> Body,
    IReadOnlyDictionary<string, string> Headers,
    int DeliveryAttempt);
