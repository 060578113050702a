using System.Collections.Concurrent;
using System.Diagnostics;
using Webhooks.Api.Services;

namespace Webhooks.Bench;

/// <summary>
/// The spans the service already emits (ASP.NET Core requests, Npgsql commands, event bus publishes), collected while
/// <see cref="Enabled"/> to split a delivery's time into its parts. Off during the throughput run, so it costs nothing there.
/// Deliveries are stored in batches (group commit): the INSERT's Npgsql span is a child of the batch's span, one per
/// batch, not of a request's.
/// </summary>
internal sealed class Spans : IDisposable
{
    private const string RequestOperation = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    // The service's own source is named after its application name.
    private const string ServiceSource = "Webhooks.Api";
    private readonly ActivityListener _listener;

    public Spans()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "Npgsql" or "ActionsDashboard.EventBus" or ServiceSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) =>
                Volatile.Read(ref _enabled) ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    private bool _enabled;

    public bool Enabled
    {
        get => Volatile.Read(ref _enabled);
        set => Volatile.Write(ref _enabled, value);
    }

    public ConcurrentBag<double> RequestMilliseconds { get; } = [];

    /// <summary>The batch INSERT's Npgsql span: one per batch, for all the deliveries in it.</summary>
    public ConcurrentBag<double> BatchDatabaseMilliseconds { get; } = [];

    /// <summary>Deliveries per batch, from each batch's span.</summary>
    public ConcurrentBag<int> BatchSizes { get; } = [];

    public ConcurrentBag<double> DispatcherDatabaseMilliseconds { get; } = [];

    /// <summary>Publish spans by event id: when the dispatcher handed the event to the bus and how long the confirm took.</summary>
    public ConcurrentDictionary<string, (DateTime StartUtc, double Milliseconds)> Publishes { get; } = new();

    private void Record(Activity activity)
    {
        // The service's own tracer provider records every span; only those of the measured phase count here.
        if (!Enabled)
        {
            return;
        }

        if (activity.Source.Name == "Microsoft.AspNetCore" && activity.OperationName == RequestOperation)
        {
            RequestMilliseconds.Add(activity.Duration.TotalMilliseconds);
        }
        else if (activity.Source.Name == ServiceSource && activity.OperationName == DeliveryBatchWriter.ActivityName
            && activity.GetTagItem("webhooks.batch.size") is int size)
        {
            BatchSizes.Add(size);
        }
        else if (activity.Source.Name == "Npgsql")
        {
            (activity.Parent?.OperationName == DeliveryBatchWriter.ActivityName ? BatchDatabaseMilliseconds : DispatcherDatabaseMilliseconds)
                .Add(activity.Duration.TotalMilliseconds);
        }
        else if (activity.Source.Name == "ActionsDashboard.EventBus" && activity.Kind == ActivityKind.Producer
            && activity.GetTagItem("messaging.message.id") is string eventId)
        {
            Publishes[eventId] = (activity.StartTimeUtc, activity.Duration.TotalMilliseconds);
        }
    }

    public void Dispose() => _listener.Dispose();
}
