using System.Net;
using Polly;
using Polly.Timeout;

namespace ActionsDashboard.ServiceDefaults.Resilience;

public static class HttpTransientOutcomes
{
    /// <summary>
    /// A network failure, an attempt that timed out, or status 408, 429 or 5xx. Cancellation by the
    /// caller is never transient.
    /// </summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => IsTransient(response.StatusCode),
        _ => false,
    };

    public static bool IsTransient(HttpStatusCode statusCode) =>
        statusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)statusCode >= 500;
}
