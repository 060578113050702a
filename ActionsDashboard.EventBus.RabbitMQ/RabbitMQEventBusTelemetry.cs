using System.Diagnostics.Metrics;
using ActionsDashboard.EventBus.Telemetry;

namespace ActionsDashboard.EventBus.RabbitMQ;

/// <summary>The RabbitMQ transport's own meter (retries and dead letters); add it beside <see cref="EventBusTelemetry.MeterName"/>.</summary>
public static class RabbitMQEventBusTelemetry
{
    public const string MeterName = EventBusTelemetry.MeterName + ".RabbitMQ";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> Retried = Meter.CreateCounter<long>(
        "eventbus.messages.retried", unit: "{message}", description: "Failed messages scheduled for another delivery.");

    internal static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>(
        "eventbus.messages.dead_lettered", unit: "{message}", description: "Messages moved to the dead-letter queue.");
}
