using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace ActionsDashboard.ServiceDefaults.Telemetry;

/// <summary>
/// Keeps <c>/health</c> and <c>/alive</c> out of traces: orchestrators probe them every few seconds and
/// the spans would drown real traffic. A startup filter puts this middleware in front of everything
/// the application adds, and un-recording the request's activity also drops any child span (the
/// parent-based sampler follows the parent's recorded flag), whatever processors or exporters exist.
/// </summary>
internal sealed class HealthEndpointTraceSuppression : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (Extensions.IsHealthEndpoint(context.Request.Path) && Activity.Current is { } activity)
            {
                activity.IsAllDataRequested = false;
                activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
