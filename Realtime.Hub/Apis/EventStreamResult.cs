using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Realtime.Hub.Apis;

/// <summary>Writes the stream until the client leaves or the hub closes it; the connection is unregistered at the end.</summary>
public sealed class EventStreamResult(StreamLiveConnection connection, SubscriptionManager.Outcome outcome, ConnectionRegistry registry,
    RealtimeOptions options, RealtimeMetrics metrics)
    : IResult
{
    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();

    public async Task ExecuteAsync(HttpContext context)
    {
        try
        {
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/event-stream; charset=utf-8";
            // No proxy or browser may store or buffer the stream (nginx honours X-Accel-Buffering).
            response.Headers.CacheControl = "no-cache, no-store, no-transform";
            response.Headers["X-Accel-Buffering"] = "no";
            response.Headers.ContentEncoding = "identity";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

            var preamble = new StringBuilder()
                .Append("retry: ").Append(options.ReconnectDelayMilliseconds).Append("\n\n")
                .Append(": subscribed ").Append(string.Join(',', outcome.Result.Subscribed)).Append('\n');
            if (outcome.Result.Refused.Count > 0)
            {
                preamble.Append(": refused ").Append(string.Join(',', outcome.Result.Refused)).Append('\n');
            }

            if (outcome.ResumeGap)
            {
                // The id is older than the buffer or from another instance: what happened in between must be reloaded.
                preamble.Append(": resume-gap reload to catch up\n");
            }

            preamble.Append('\n');
            await response.WriteAsync(preamble.ToString(), context.RequestAborted);
            await response.Body.FlushAsync(context.RequestAborted);

            // The client leaving closes the connection: its queue completes and a write in progress is cancelled. One
            // registration, no linked token source, no timer: what an idle stream holds is its queue and this (#17 goal 4).
            await using var leaving = context.RequestAborted.Register(static state => ((LiveConnection)state!).Close("ended"), connection);
            await PumpAsync(response.Body, connection.Closed);
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        finally
        {
            registry.Remove(connection);
            if (connection.CloseReason == LiveConnection.TooSlow)
            {
                metrics.Closed("too-slow");
            }

            connection.Close("ended");
        }
    }

    private async Task PumpAsync(Stream body, CancellationToken closed)
    {
        var queue = connection.Queue;
        // No token on the wait: the queue completes when the connection closes, and an untokened wait on a single-reader
        // channel allocates nothing. Heartbeats come through the queue too.
        while (await queue.WaitToReadAsync())
        {
            while (queue.TryRead(out var liveEvent))
            {
                await body.WriteAsync(ReferenceEquals(liveEvent, StreamLiveConnection.Heartbeat) ? Heartbeat : liveEvent.Frame, closed);
            }

            await body.FlushAsync(closed);
        }
    }
}
