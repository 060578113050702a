using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ActionsDashboard.ServiceDefaults.Telemetry;

/// <summary>
/// Additions to the tracer and meter providers that <c>ConfigureOpenTelemetry</c> builds, applied
/// before its OTLP exporter: extra sources or meters, a processor, an in-memory exporter in tests.
/// <code>services.Configure&lt;OpenTelemetryProviderOptions&gt;(o =&gt; o.ConfigureTracing.Add(t =&gt; t.AddSource("X")));</code>
/// </summary>
public sealed class OpenTelemetryProviderOptions
{
    public IList<Action<TracerProviderBuilder>> ConfigureTracing { get; } = [];

    public IList<Action<MeterProviderBuilder>> ConfigureMetrics { get; } = [];
}
