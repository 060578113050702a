using System.Collections.Concurrent;

namespace ActionsDashboard.ServiceDefaults.UnitTests.Resilience;

/// <summary>
/// A primary handler that answers each attempt with the next step of a script (the last step repeats)
/// and records what every attempt sent.
/// </summary>
internal sealed class ScriptedHandler(params Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>[] steps) : HttpMessageHandler
{
    public ConcurrentQueue<Attempt> Attempts { get; } = new();

    public int AttemptCount => Attempts.Count;

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Respond(
        System.Net.HttpStatusCode status,
        Action<HttpResponseMessage>? configure = null) => (_, _) =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(((int)status).ToString()) };
        configure?.Invoke(response);
        return Task.FromResult(response);
    };

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Hang(TaskCompletionSource? started = null) =>
        async (_, cancellationToken) =>
        {
            started?.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        };

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Fail() =>
        (_, _) => Task.FromException<HttpResponseMessage>(new HttpRequestException("connection refused"));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Copied, not read: reading would buffer the content and hide whether the handler buffered it.
        string? body = null;
        if (request.Content is not null)
        {
            using var copy = new MemoryStream();
            await request.Content.CopyToAsync(copy, cancellationToken);
            body = System.Text.Encoding.UTF8.GetString(copy.ToArray());
        }

        var index = Attempts.Count;
        Attempts.Enqueue(new Attempt(request.Method, request.RequestUri, body, DateTimeOffset.UtcNow, cancellationToken));
        var response = await steps[Math.Min(index, steps.Length - 1)](request, cancellationToken);
        response.RequestMessage = request;
        return response;
    }

    public sealed record Attempt(HttpMethod Method, Uri? Uri, string? Body, DateTimeOffset At, CancellationToken CancellationToken);
}
