using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Webhooks.Api.FunctionalTests.Infrastructure;

/// <summary>Sums what a counter records, per value of one tag.</summary>
public sealed class CounterListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _byTag = new();

    public CounterListener(string meterName, string instrumentName, string tagName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == tagName)
                {
                    _byTag.AddOrUpdate(tag.Value?.ToString() ?? "", value, (_, sum) => sum + value);
                }
            }
        });
        _listener.Start();
    }

    public long this[string tagValue] => _byTag.GetValueOrDefault(tagValue);

    public void Dispose() => _listener.Dispose();
}
