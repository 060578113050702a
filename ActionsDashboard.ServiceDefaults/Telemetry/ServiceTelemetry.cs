using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace ActionsDashboard.ServiceDefaults.Telemetry;

/// <summary>
/// The service's own <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>,
/// both named after the application name, which <c>ConfigureOpenTelemetry</c> already listens to.
/// Inject it where a service starts its own spans or records its own metrics.
/// </summary>
public sealed class ServiceTelemetry : IDisposable
{
    public ServiceTelemetry(IHostEnvironment environment, IMeterFactory meterFactory)
    {
        Name = environment.ApplicationName;
        ActivitySource = new ActivitySource(Name);
        Meter = meterFactory.Create(Name);
    }

    public string Name { get; }

    public ActivitySource ActivitySource { get; }

    /// <summary>Owned by the host's <see cref="IMeterFactory"/>, which disposes it.</summary>
    public Meter Meter { get; }

    public void Dispose() => ActivitySource.Dispose();
}
