using System.Diagnostics.Metrics;
using ActionsDashboard.ServiceDefaults.Telemetry;

namespace Webhooks.Api.Services;

/// <summary>The service's counters, on the meter ServiceDefaults already exports.</summary>
public sealed class WebhooksMetrics(ServiceTelemetry telemetry)
{
    private readonly Counter<long> _deliveries = telemetry.Meter.CreateCounter<long>(
        "webhooks.deliveries", unit: "{delivery}", description: "Authentic deliveries, by GitHub event and outcome.");

    private readonly Counter<long> _rejected = telemetry.Meter.CreateCounter<long>(
        "webhooks.deliveries.rejected", unit: "{delivery}",
        description: "Requests refused before anything was stored, by reason (signature, size, headers, content_type, payload).");

    private readonly Histogram<int> _batchSizes = telemetry.Meter.CreateHistogram<int>(
        "webhooks.deliveries.batch_size", unit: "{delivery}",
        description: "Deliveries stored by one statement and one commit: those that queued while the previous write ran.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });

    private readonly Counter<long> _published = telemetry.Meter.CreateCounter<long>(
        "webhooks.outbox.published", unit: "{event}", description: "Outbox rows the broker confirmed.");

    private readonly Counter<long> _publishFailures = telemetry.Meter.CreateCounter<long>(
        "webhooks.outbox.publish_failures", unit: "{event}", description: "Outbox publish attempts that failed and will be retried.");

    public void Delivery(string eventName, string outcome) =>
        _deliveries.Add(1, new KeyValuePair<string, object?>("github.event", eventName), new KeyValuePair<string, object?>("outcome", outcome));

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Batch(int deliveries) => _batchSizes.Record(deliveries);

    public void Published(int count) => _published.Add(count);

    public void PublishFailed(int count) => _publishFailures.Add(count);
}
