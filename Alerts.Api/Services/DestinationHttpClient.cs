namespace Alerts.Api.Services;

/// <summary>
/// The one client alerts leave by, made here rather than by the HTTP client factory so that none of the service's
/// defaults apply to it: no service discovery (a rule's host must never resolve to a service of this app), no
/// automatic retries (the sender's back-off is the retry, and the history shows each attempt), no redirects (a 3xx
/// could lead anywhere), no cookies or proxy, and every connection made by <see cref="DestinationGuard.ConnectAsync"/>.
/// </summary>
public sealed class DestinationHttpClient(DestinationGuard guard) : IDisposable
{
    public HttpClient Http { get; } = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        ConnectCallback = guard.ConnectAsync,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestHeaders = { { "User-Agent", "ActionsDashboard-Alerts/1.0" } },
    };

    public void Dispose() => Http.Dispose();
}
