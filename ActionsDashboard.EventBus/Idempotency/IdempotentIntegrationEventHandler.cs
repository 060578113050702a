using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.EventBus.Events;

namespace ActionsDashboard.EventBus.Idempotency;

/// <summary>
/// A handler that runs <see cref="HandleOnceAsync"/> at most once per event id (within the store's memory): a
/// redelivered or republished copy of an event that was handled already is acknowledged without running it again.
/// The id is recorded only after the handling succeeded, so a handler that throws gets the event again.
/// </summary>
public abstract class IdempotentIntegrationEventHandler<TEvent>(IProcessedEventStore store) : IIntegrationEventHandler<TEvent>
    where TEvent : IntegrationEvent
{
    // Two copies of one event can be in flight at once (two subscriptions in one process, or a copy redelivered
    // while the first is still running); they are serialised so the second sees the first one's mark.
    private static readonly Dictionary<(string, Guid), Gate> InFlight = [];

    /// <summary>The name the store keeps ids under; one per handler type unless overridden.</summary>
    protected virtual string ConsumerName => GetType().FullName ?? GetType().Name;

    public async Task HandleAsync(TEvent @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var consumer = ConsumerName;
        var key = (consumer, @event.Id);
        Gate gate;
        lock (InFlight)
        {
            if (!InFlight.TryGetValue(key, out gate!))
            {
                InFlight[key] = gate = new Gate();
            }

            gate.Users++;
        }

        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (await store.HasProcessedAsync(consumer, @event.Id, cancellationToken).ConfigureAwait(false))
                {
                    await OnDuplicateAsync(@event, cancellationToken).ConfigureAwait(false);
                    return;
                }

                await HandleOnceAsync(@event, cancellationToken).ConfigureAwait(false);
                await store.MarkProcessedAsync(consumer, @event.Id, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Semaphore.Release();
            }
        }
        finally
        {
            lock (InFlight)
            {
                if (--gate.Users == 0)
                {
                    InFlight.Remove(key);
                }
            }
        }
    }

    /// <summary>Handles an event seen for the first time; throw to have it delivered again.</summary>
    protected abstract Task HandleOnceAsync(TEvent @event, CancellationToken cancellationToken);

    /// <summary>Called for a copy of an event handled already (for counting or logging); does nothing by default.</summary>
    protected virtual Task OnDuplicateAsync(TEvent @event, CancellationToken cancellationToken) => Task.CompletedTask;

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }
}
