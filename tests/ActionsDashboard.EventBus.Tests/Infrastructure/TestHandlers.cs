using System.Collections.Concurrent;
using System.Diagnostics;
using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.EventBus.Idempotency;
using ActionsDashboard.IntegrationEvents;

namespace ActionsDashboard.EventBus.Tests.Infrastructure;

/// <summary>What the handlers of one host saw: every invocation, with the trace context it ran under.</summary>
public sealed class Recorder
{
    private readonly ConcurrentQueue<(WorkflowRunChanged Event, ActivityContext Context)> _calls = new();

    public IReadOnlyList<WorkflowRunChanged> Events => _calls.Select(call => call.Event).ToArray();

    public IReadOnlyList<(WorkflowRunChanged Event, ActivityContext Context)> Calls => _calls.ToArray();

    public int Count => _calls.Count;

    /// <summary>Failures still to throw before handling succeeds; -1 fails forever.</summary>
    public int FailuresToThrow { get; set; }

    /// <summary>When set, handling waits for it (to hold a message unacknowledged).</summary>
    public TaskCompletionSource? Block { get; set; }

    public void Record(WorkflowRunChanged @event) => _calls.Enqueue((@event, Activity.Current?.Context ?? default));
}

/// <summary>The consumer-side sample: records each <see cref="WorkflowRunChanged"/> it is given.</summary>
public sealed class RecordingHandler(Recorder recorder) : IIntegrationEventHandler<WorkflowRunChanged>
{
    public async Task HandleAsync(WorkflowRunChanged @event, CancellationToken cancellationToken)
    {
        recorder.Record(@event);
        if (recorder.Block is { } block)
        {
            await block.Task.WaitAsync(cancellationToken);
        }

        if (recorder.FailuresToThrow != 0)
        {
            if (recorder.FailuresToThrow > 0)
            {
                recorder.FailuresToThrow--;
            }

            throw new InvalidOperationException("The handler crashed mid-handling.");
        }
    }
}

/// <summary>Records only the first copy of each event id.</summary>
public sealed class IdempotentRecordingHandler(Recorder recorder, IProcessedEventStore store)
    : IdempotentIntegrationEventHandler<WorkflowRunChanged>(store)
{
    protected override Task HandleOnceAsync(WorkflowRunChanged @event, CancellationToken cancellationToken)
    {
        recorder.Record(@event);
        return Task.CompletedTask;
    }
}
