using Polly;

namespace ActionsDashboard.ServiceDefaults.Resilience;

/// <summary>
/// Runs each request through the client's <see cref="HttpResiliencePipelineProvider"/> pipeline.
/// A retry sends the same <see cref="HttpRequestMessage"/> again through the inner handlers; that is
/// safe without content, and content of a retryable request is buffered once before the first attempt
/// so every attempt sends the same bytes (a streamed upload is therefore held in memory: send large
/// uploads with <see cref="HttpResilienceOptionKeys.AllowRetry"/> set to <c>false</c>).
/// </summary>
internal sealed class StandardResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    private static readonly HashSet<HttpMethod> IdempotentMethods =
    [
        HttpMethod.Get, HttpMethod.Head, HttpMethod.Options, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Trace,
    ];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var retryAllowed = request.Options.TryGetValue(HttpResilienceOptionKeys.AllowRetry, out var allowed)
            ? allowed
            : IdempotentMethods.Contains(request.Method);
        if (retryAllowed && request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(HttpResiliencePipelineProvider.RequestKey, request);
        context.Properties.Set(HttpResiliencePipelineProvider.RetryAllowedKey, retryAllowed);
        try
        {
            return await pipeline.ExecuteAsync(
                static (attemptContext, state) =>
                    new ValueTask<HttpResponseMessage>(state.Handler.SendAttemptAsync(state.Request, attemptContext.CancellationToken)),
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
