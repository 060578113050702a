namespace ActionsDashboard.ServiceDefaults.Resilience;

public static class HttpResilienceOptionKeys
{
    /// <summary>
    /// Overrides the retry rule for one request: <c>true</c> lets a non-idempotent request (POST, PATCH)
    /// be retried, because the caller knows it is safe (an idempotency key, a create that tolerates
    /// duplicates); <c>false</c> turns retries off for an idempotent one. Unset: GET, HEAD, OPTIONS,
    /// PUT, DELETE and TRACE are retried, everything else is not.
    /// <code>request.Options.Set(HttpResilienceOptionKeys.AllowRetry, true);</code>
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> AllowRetry = new("ActionsDashboard.Resilience.AllowRetry");
}
