using System.Collections.Concurrent;
using System.Net;

namespace GitHub.Simulator.ConformanceTests.Infrastructure;

/// <summary>One exchange as it went over the wire, below Octokit (which hides a 304 behind its cache).</summary>
public sealed record WireExchange(HttpMethod Method, Uri Uri, string? IfNoneMatch, HttpStatusCode Status);

/// <summary>
/// The HTTP handler under Octokit's <c>HttpClientAdapter</c>: a real socket to the simulator, recording each exchange,
/// so a test can tell a 304 on the wire from Octokit's answer built out of its cache.
/// </summary>
public sealed class WireLog() : DelegatingHandler(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
{
    private readonly ConcurrentQueue<WireExchange> _exchanges = new();

    public IReadOnlyList<WireExchange> Exchanges => _exchanges.ToList();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var ifNoneMatch = request.Headers.TryGetValues("If-None-Match", out var values) ? string.Join(", ", values) : null;
        _exchanges.Enqueue(new WireExchange(request.Method, request.RequestUri!, ifNoneMatch, response.StatusCode));
        return response;
    }
}
