using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace ActionsDashboard.ServiceDefaults.Resilience;

/// <summary>
/// The standard HTTP resilience pipeline, outermost first: total request timeout, retry, circuit
/// breaker, attempt timeout. Same shape and defaults as Microsoft.Extensions.Http.Resilience's
/// standard handler. Configure per client with
/// <c>services.Configure&lt;HttpStandardResilienceOptions&gt;("client-name", o =&gt; ...)</c> or the
/// delegate of <c>AddStandardResilienceHandler</c>.
/// </summary>
public sealed class HttpStandardResilienceOptions
{
    public TimeoutStrategyOptions TotalRequestTimeout { get; set; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public HttpRetryStrategyOptions Retry { get; set; } = new();

    public HttpCircuitBreakerStrategyOptions CircuitBreaker { get; set; } = new();

    public TimeoutStrategyOptions AttemptTimeout { get; set; } = new() { Timeout = TimeSpan.FromSeconds(10) };
}

/// <summary>
/// Three retries, exponential back-off with jitter from 2 s, on transient outcomes
/// (<see cref="HttpTransientOutcomes.IsTransient"/>). Only idempotent methods are retried unless the
/// request says otherwise through <see cref="HttpResilienceOptionKeys.AllowRetry"/>.
/// </summary>
public sealed class HttpRetryStrategyOptions : RetryStrategyOptions<HttpResponseMessage>
{
    public HttpRetryStrategyOptions()
    {
        MaxRetryAttempts = 3;
        Delay = TimeSpan.FromSeconds(2);
        BackoffType = DelayBackoffType.Exponential;
        UseJitter = true;
        ShouldHandle = static args => ValueTask.FromResult(HttpTransientOutcomes.IsTransient(args.Outcome));
    }

    /// <summary>Wait as long as a <c>Retry-After</c> header asks instead of the computed back-off.</summary>
    public bool ShouldRetryAfterHeader { get; set; } = true;

    /// <summary>
    /// A <c>Retry-After</c> longer than this is not waited for: the response goes back to the caller,
    /// which can report the limit instead of holding a request open (GitHub asks for 60 s and more).
    /// </summary>
    public TimeSpan MaxRetryAfterDelay { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Opens when at least 10 % of at least 100 calls in 30 s were transient failures, for 5 s.
/// </summary>
public sealed class HttpCircuitBreakerStrategyOptions : CircuitBreakerStrategyOptions<HttpResponseMessage>
{
    public HttpCircuitBreakerStrategyOptions()
    {
        FailureRatio = 0.1;
        MinimumThroughput = 100;
        SamplingDuration = TimeSpan.FromSeconds(30);
        BreakDuration = TimeSpan.FromSeconds(5);
        ShouldHandle = static args => ValueTask.FromResult(HttpTransientOutcomes.IsTransient(args.Outcome));
    }
}
