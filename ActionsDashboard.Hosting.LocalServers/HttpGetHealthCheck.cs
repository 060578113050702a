using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActionsDashboard.Hosting.LocalServers;

/// <summary>Healthy when <c>GET {url}</c> answers 200 (a service's <c>/health</c>), with a short timeout.</summary>
public sealed class HttpGetHealthCheck(Func<Uri> url) : IHealthCheck
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await Http.GetAsync(url(), cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{url()} answered {(int)response.StatusCode}.");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{url()}: {e.Message}");
        }
    }
}
