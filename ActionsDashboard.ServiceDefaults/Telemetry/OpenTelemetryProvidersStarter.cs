using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ActionsDashboard.ServiceDefaults.Telemetry;

/// <summary>
/// Nothing else asks the container for the providers, so without this they would never be built.
/// Taking them as constructor parameters builds them when the host starts, before the server listens
/// (hosted services start in registration order, and the web server is added last). The container owns
/// them, so they are flushed and disposed when the host is disposed.
/// </summary>
internal sealed class OpenTelemetryProvidersStarter(TracerProvider tracerProvider, MeterProvider meterProvider) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // Spans of the last requests are still in the batch; flush while the exporter can still send.
        tracerProvider.ForceFlush(timeoutMilliseconds: 5_000);
        meterProvider.ForceFlush(timeoutMilliseconds: 5_000);
        return Task.CompletedTask;
    }
}
