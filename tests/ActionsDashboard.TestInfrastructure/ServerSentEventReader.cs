using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace ActionsDashboard.TestInfrastructure;

/// <summary>One Server-Sent Event as a browser's EventSource parses it.</summary>
public sealed record ServerSentEvent(string? Id, string Event, string Data)
{
    public JsonObject Json => JsonNode.Parse(Data)!.AsObject();
}

/// <summary>
/// Reads a <c>text/event-stream</c> response as a browser does (HTML spec: fields, comments, multi-line data,
/// dispatch on a blank line) in the background. Comments (<c>: heartbeat</c>) are kept for tests that look for them.
/// Disposing it stops reading and disposes the response.
/// </summary>
public sealed class ServerSentEventReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<ServerSentEvent> _events = Channel.CreateUnbounded<ServerSentEvent>();
    private readonly List<string> _comments = [];

    public ServerSentEventReader(HttpResponseMessage response)
    {
        _response = response;
        Ended = Task.Run(ReadAsync);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Completes when the server ends the stream (or the reader is disposed).</summary>
    public Task Ended { get; }

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

    public async Task<ServerSentEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        return await _events.Reader.ReadAsync(cancel.Token);
    }

    /// <summary>The first event that matches, skipping the others; a <see cref="TimeoutException"/> when none comes.</summary>
    public async Task<ServerSentEvent> WaitForAsync(Func<ServerSentEvent, bool> match, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(cancel.Token);
                if (match(next))
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No matching event within {timeout}.");
        }
    }

    /// <summary>Events that arrive until none has for <paramref name="quiet"/> (for "nothing else arrives" checks).</summary>
    public async Task<List<ServerSentEvent>> DrainAsync(TimeSpan quiet)
    {
        var drained = new List<ServerSentEvent>();
        while (true)
        {
            using var cancel = new CancellationTokenSource(quiet);
            try
            {
                drained.Add(await _events.Reader.ReadAsync(cancel.Token));
            }
            catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
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
                        await _events.Writer.WriteAsync(new ServerSentEvent(id, name ?? "message", data.ToString()));
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
        await _stop.CancelAsync();
        _response.Dispose();
        try
        {
            await Ended;
        }
        catch (Exception)
        {
        }

        _stop.Dispose();
    }
}
