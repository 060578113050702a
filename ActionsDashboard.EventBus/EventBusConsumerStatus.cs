namespace ActionsDashboard.EventBus;

/// <summary>Whether this service's handlers are subscribed yet (its queue declared, bound and consumed).</summary>
public sealed class EventBusConsumerStatus
{
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsSubscribed => _subscribed.Task.IsCompleted;

    /// <summary>Completes once the consumer has subscribed (a service without subscriptions never completes it).</summary>
    public Task WaitForSubscriptionAsync(CancellationToken cancellationToken = default) => _subscribed.Task.WaitAsync(cancellationToken);

    internal void MarkSubscribed() => _subscribed.TrySetResult();
}
