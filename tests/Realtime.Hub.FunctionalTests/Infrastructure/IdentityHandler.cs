namespace Realtime.Hub.FunctionalTests.Infrastructure;

/// <summary>Adds a freshly minted <c>X-Internal-Identity</c> to every request, as the gateway does.</summary>
public sealed class IdentityHandler(Func<string?> token) : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (token() is { } value)
        {
            request.Headers.Remove("X-Internal-Identity");
            request.Headers.Add("X-Internal-Identity", value);
        }

        return base.SendAsync(request, cancellationToken);
    }

    public static HttpClient Client(Uri baseAddress, Func<string?> token) =>
        new(new IdentityHandler(token)) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
}
