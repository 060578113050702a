using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace ActionsDashboard.ServiceDefaults.UnitTests.Telemetry;

internal sealed class InMemoryActivityExporter : BaseExporter<Activity>
{
    public ConcurrentQueue<Activity> Exported { get; } = new();

    public override ExportResult Export(in Batch<Activity> batch)
    {
        foreach (var activity in batch)
        {
            Exported.Enqueue(activity);
        }

        return ExportResult.Success;
    }
}
