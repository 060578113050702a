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

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, connection.Closed);
            await PumpAsync(response.Body, stop.Token);
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

    private async Task PumpAsync(Stream body, CancellationToken cancellationToken)
    {
        var queue = connection.Queue;
        Task<bool>? pending = null;
        Task? heartbeat = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Both waits live across iterations: an event does not cost a new timer per connection.
            pending ??= queue.WaitToReadAsync(cancellationToken).AsTask();
            heartbeat ??= Task.Delay(options.HeartbeatInterval, cancellationToken);
            if (await Task.WhenAny(pending, heartbeat) == heartbeat)
            {
                heartbeat = null;
                await body.WriteAsync(Heartbeat, cancellationToken);
                await body.FlushAsync(cancellationToken);
                continue;
            }

            if (!await pending)
            {
                return;
            }

            pending = null;
            while (queue.TryRead(out var liveEvent))
            {
                await body.WriteAsync(liveEvent.Frame, cancellationToken);
            }

            await body.FlushAsync(cancellationToken);
        }
    }
}
