using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Realtime.Hub.FunctionalTests.Infrastructure;

/// <summary>One Server-Sent Event as a client parses it.</summary>
public sealed record SseEvent(string? Id, string Event, string Data)
{
    public JsonObject Json => JsonNode.Parse(Data)!.AsObject();
}

/// <summary>A plain <c>/events</c> client: parses the stream per the HTML spec (fields, comments, blank-line dispatch).</summary>
public sealed class EventStreamClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SseEvent> _events = Channel.CreateUnbounded<SseEvent>();
    private readonly List<string> _comments = [];
    private readonly Task _reader;

    private EventStreamClient(HttpClient http, HttpResponseMessage response)
    {
        _http = http;
        _response = response;
        _reader = Task.Run(ReadAsync);
    }

    public HttpResponseMessage Response => _response;

    public IReadOnlyList<string> Comments
    {
        get
        {
            lock (_comments)
            {
                return [.. _comments];
            }
        }
    }

    /// <summary>Completes when the server ends the stream.</summary>
    public Task Ended => _reader;

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

    public async Task<SseEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        return await _events.Reader.ReadAsync(cancel.Token);
    }

    /// <summary>Events that arrive within <paramref name="quiet"/> (for "nothing else arrives" checks).</summary>
    public async Task<List<SseEvent>> DrainAsync(TimeSpan quiet)
    {
        var drained = new List<SseEvent>();
        while (true)
        {
            using var cancel = new CancellationTokenSource(quiet);
            try
            {
                drained.Add(await _events.Reader.ReadAsync(cancel.Token));
            }
            catch (OperationCanceledException)
            {
                return drained;
            }
            catch (ChannelClosedException)
            {
                return drained;
            }
        }
    }

    public async Task WaitForCommentAsync(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Comments.Any(comment => comment.StartsWith(prefix, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No ': {prefix}' comment within {timeout}; saw: {string.Join(" | ", Comments)}");
            }

            await Task.Delay(50);
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var stream = await _response.Content.ReadAsStreamAsync(_stop.Token);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            string? id = null;
            string? name = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0)
                    {
                        await _events.Writer.WriteAsync(new SseEvent(id, name ?? "message", data.ToString()));
                    }

                    name = null;
                    data.Clear();
                    continue;
                }

                if (line.StartsWith(':'))
                {
                    lock (_comments)
                    {
                        _comments.Add(line[1..].Trim());
                    }

                    continue;
                }

                var colon = line.IndexOf(':');
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
                switch (field)
                {
                    case "id":
                        id = value;
                        break;
                    case "event":
                        name = value;
                        break;
                    case "data":
                        if (data.Length > 0)
                        {
                            data.Append('\n');
                        }

                        data.Append(value);
                        break;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _response.Dispose();
        try
        {
            await _reader;
        }
        catch (Exception)
        {
        }

        _http.Dispose();
    }
}
