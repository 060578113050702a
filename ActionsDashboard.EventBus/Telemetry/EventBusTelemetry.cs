using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ActionsDashboard.EventBus.Telemetry;

/// <summary>
/// Names of the bus's <see cref="ActivitySource"/> and <see cref="Meter"/>. A service adds them to its tracer and
/// meter providers (ServiceDefaults adds both, by the prefix <c>ActionsDashboard.EventBus</c>) to export publish and process spans.
/// </summary>
public static class EventBusTelemetry
{
    public const string ActivitySourceName = "ActionsDashboard.EventBus";
    public const string MeterName = "ActionsDashboard.EventBus";

    /// <summary>W3C Trace Context header names, as HTTP uses them (https://www.w3.org/TR/trace-context/).</summary>
    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";

    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName);
    internal static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> Published = Meter.CreateCounter<long>(
        "eventbus.messages.published", unit: "{message}", description: "Events the broker accepted.");
    internal static readonly Counter<long> PublishFailures = Meter.CreateCounter<long>(
        "eventbus.messages.publish_failures", unit: "{message}", description: "Publish attempts the broker did not confirm.");
    internal static readonly Counter<long> Processed = Meter.CreateCounter<long>(
        "eventbus.messages.processed", unit: "{message}", description: "Events handed to handlers, by outcome.");
    internal static readonly Histogram<double> ProcessDuration = Meter.CreateHistogram<double>(
        "eventbus.process.duration", unit: "s", description: "Time the handlers of one event took.");

    /// <summary>Adds the W3C trace context of <paramref name="context"/> to <paramref name="headers"/>.</summary>
    internal static void Inject(ActivityContext context, Dictionary<string, string> headers)
    {
        if (context == default)
        {
            return;
        }

        var flags = (context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00";
        headers[TraceParentHeader] = $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{flags}";
        if (!string.IsNullOrEmpty(context.TraceState))
        {
            headers[TraceStateHeader] = context.TraceState;
        }
    }

    internal static ActivityContext Extract(string? traceParent, string? traceState) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context)
            ? context
            : default;

    internal static ActivityContext Extract(IReadOnlyDictionary<string, string> headers) =>
        Extract(headers.GetValueOrDefault(TraceParentHeader), headers.GetValueOrDefault(TraceStateHeader));
}
