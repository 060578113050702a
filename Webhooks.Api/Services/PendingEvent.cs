namespace Webhooks.Api.Services;

/// <summary>An outbox row as the insert takes it: the serialised event as text, under its delivery's trace context.</summary>
public sealed record PendingEvent(Guid EventId, string EventType, string Content, string? TraceParent, string? TraceState);
