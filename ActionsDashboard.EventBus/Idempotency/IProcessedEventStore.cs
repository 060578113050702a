namespace ActionsDashboard.EventBus.Idempotency;

/// <summary>
/// Remembers which events a consumer has fully handled, by event id. The in-memory store suits consumers whose effect
/// is itself in memory (pushing to connected browsers); a consumer that writes to a database should record the id in
/// that database, in the same transaction as its writes, with a unique key on (consumer, event id).
/// </summary>
public interface IProcessedEventStore
{
    ValueTask<bool> HasProcessedAsync(string consumer, Guid eventId, CancellationToken cancellationToken);

    ValueTask MarkProcessedAsync(string consumer, Guid eventId, CancellationToken cancellationToken);
}
