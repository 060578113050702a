using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace ActionsDashboard.ServiceDefaults.Resilience;

/// <summary>
/// One pipeline per named client, kept for the life of the application: the circuit breaker's state
/// must survive the factory's handler rotation (every two minutes by default). Options are read once
/// per client, when its first request is sent.
/// </summary>
internal sealed class HttpResiliencePipelineProvider(
    IOptionsMonitor<HttpStandardResilienceOptions> optionsMonitor,
    ILogger<HttpResiliencePipelineProvider> logger)
{
    internal static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("ActionsDashboard.Resilience.Request");
    internal static readonly ResiliencePropertyKey<bool> RetryAllowedKey = new("ActionsDashboard.Resilience.RetryAllowed");

    private readonly ConcurrentDictionary<string, Lazy<ResiliencePipeline<HttpResponseMessage>>> _pipelines = new(StringComparer.Ordinal);

    public ResiliencePipeline<HttpResponseMessage> GetPipeline(string clientName) =>
        _pipelines.GetOrAdd(clientName, name => new(() => Build(name, optionsMonitor.Get(name)))).Value;

    private ResiliencePipeline<HttpResponseMessage> Build(string clientName, HttpStandardResilienceOptions options)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = $"{clientName}-standard" }
            .AddTimeout(options.TotalRequestTimeout);
        if (options.Retry.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(CreateRetry(clientName, options.Retry));
        }

        return pipeline
            .AddCircuitBreaker(options.CircuitBreaker)
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    // A copy, so the options instance the caller configured is never wrapped twice.
    private RetryStrategyOptions<HttpResponseMessage> CreateRetry(string clientName, HttpRetryStrategyOptions options) => new()
    {
        Name = options.Name,
        MaxRetryAttempts = options.MaxRetryAttempts,
        Delay = options.Delay,
        MaxDelay = options.MaxDelay,
        BackoffType = options.BackoffType,
        UseJitter = options.UseJitter,
        ShouldHandle = async args =>
        {
            if (args.Context.CancellationToken.IsCancellationRequested
                || !args.Context.Properties.GetValue(RetryAllowedKey, false))
            {
                return false;
            }

            if (options.ShouldRetryAfterHeader && GetRetryAfter(args.Outcome.Result) > options.MaxRetryAfterDelay)
            {
                return false;
            }

            return await options.ShouldHandle(args).ConfigureAwait(false);
        },
        DelayGenerator = async args =>
        {
            if (options.ShouldRetryAfterHeader && GetRetryAfter(args.Outcome.Result) is { } retryAfter)
            {
                return retryAfter;
            }

            return options.DelayGenerator is null ? null : await options.DelayGenerator(args).ConfigureAwait(false);
        },
        OnRetry = async args =>
        {
            if (logger.IsEnabled(LogLevel.Warning))
            {
                var request = args.Context.Properties.GetValue(RequestKey, null!);
                // Path only: query strings can carry codes and tokens.
                logger.LogWarning(
                    "HTTP client {ClientName}: retrying {Method} {Address} after {Outcome} (retry {Attempt}, in {DelayMs} ms)",
                    clientName,
                    request?.Method,
                    request?.RequestUri?.GetLeftPart(UriPartial.Path),
                    args.Outcome.Exception?.GetType().Name ?? $"status {(int?)args.Outcome.Result?.StatusCode}",
                    args.AttemptNumber + 1,
                    (long)args.RetryDelay.TotalMilliseconds);
            }

            if (options.OnRetry is not null)
            {
                await options.OnRetry(args).ConfigureAwait(false);
            }
        },
    };

    private static TimeSpan? GetRetryAfter(HttpResponseMessage? response)
    {
        var retryAfter = response?.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
