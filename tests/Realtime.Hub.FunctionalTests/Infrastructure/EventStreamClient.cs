using System.Net;
using ActionsDashboard.TestInfrastructure;

namespace Realtime.Hub.FunctionalTests.Infrastructure;

/// <summary>A plain <c>/events</c> client straight to the hub, with the identity token the gateway would add.</summary>
public sealed class EventStreamClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly ServerSentEventReader _reader;

    private EventStreamClient(HttpClient http, HttpResponseMessage response)
    {
        _http = http;
        _reader = new ServerSentEventReader(response);
    }

    public HttpResponseMessage Response => _reader.Response;

    public IReadOnlyList<string> Comments => _reader.Comments;

    /// <summary>Completes when the server ends the stream.</summary>
    public Task Ended => _reader.Ended;

    public static async Task<EventStreamClient> OpenAsync(Uri hub, Func<string?> token, string pathAndQuery = "/events", string? lastEventId = null)
    {
        var http = IdentityHandler.Client(hub, token);
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync();
            http.Dispose();
            throw new HttpRequestException($"/events answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }

        return new EventStreamClient(http, response);
    }

    public Task<ServerSentEvent> NextAsync(TimeSpan? timeout = null) => _reader.NextAsync(timeout);

    /// <summary>Events that arrive within <paramref name="quiet"/> (for "nothing else arrives" checks).</summary>
    public Task<List<ServerSentEvent>> DrainAsync(TimeSpan quiet) => _reader.DrainAsync(quiet);

    public Task WaitForCommentAsync(string prefix, TimeSpan timeout) => _reader.WaitForCommentAsync(prefix, timeout);

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync();
        _http.Dispose();
    }
}
