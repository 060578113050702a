namespace ActionsDashboard.EventBus.Events;

/// <summary>
/// Something that happened in one service that others may react to. Its <see cref="Id"/> stays the same on every
/// copy of the message (a redelivery, a republished outbox row), so consumers de-duplicate by it.
/// </summary>
public record IntegrationEvent
{
    /// <summary>Version 7 (time-ordered), so ids sort roughly by creation and index well.</summary>
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public DateTimeOffset CreationDate { get; init; } = DateTimeOffset.UtcNow;
}
