using System.Diagnostics.Metrics;

namespace Webhooks.Bench;

/// <summary>
/// Sums the service's <c>webhooks.deliveries.batch_size</c> histogram: how many statements (group commits) stored
/// how many deliveries since <see cref="Reset"/>. Cheaper than spans, so it can stay on during the throughput run.
/// </summary>
internal sealed class BatchMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _batches;
    private long _deliveries;

    public BatchMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "webhooks.deliveries.batch_size")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _deliveries, size);
        });
        _listener.Start();
    }

    public (long Batches, long Deliveries) Totals => (Interlocked.Read(ref _batches), Interlocked.Read(ref _deliveries));

    public void Reset()
    {
        Interlocked.Exchange(ref _batches, 0);
        Interlocked.Exchange(ref _deliveries, 0);
    }

    public void Dispose() => _listener.Dispose();
}
