using System.Text;
using ActionsDashboard.Identity;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Realtime.Hub.Apis;

/// <summary><c>GET /events?repo=owner/name&amp;repo=...</c>: the plain Server-Sent Events stream (docs/contracts.md).</summary>
public static class EventStreamApi
{
    public const string LastEventIdHeader = "Last-Event-ID";

    public static IEndpointRouteBuilder MapEventStreamApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/events", OpenStreamAsync)
            .WithSummary("Live run and job changes of the requested repositories as Server-Sent Events, resumable with Last-Event-ID.")
            .WithTags("Live updates")
            .RequireAuthorization();
        return app;
    }

    public static async Task<Results<EventStreamResult, ProblemHttpResult>> OpenStreamAsync(
        HttpContext context,
        ConnectionRegistry registry,
        SubscriptionManager subscriptions,
        IOptions<RealtimeOptions> options,
        RealtimeMetrics metrics,
        TimeProvider time,
        string?[]? repo,
        string? lastEventId)
    {
        if (context.User.GetInternalIdentity() is not { } identity)
        {
            return TypedResults.Problem(title: "Not signed in", detail: "Sign in with GitHub at /auth/github.", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (registry.Draining)
        {
            context.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem(title: "Shutting down", detail: "This instance is restarting; connect again.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var requested = repo is { Length: > 0 } ? repo : null;
        if (requested is not null && requested.Length > options.Value.MaxSubscriptionsPerConnection)
        {
            return TypedResults.Problem(title: "Too many repositories",
                detail: $"Follow at most {options.Value.MaxSubscriptionsPerConnection} repositories on one stream.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (requested?.FirstOrDefault(name => !RepositoryNames.IsWellFormed(name)) is { } malformed)
        {
            return TypedResults.Problem(title: "Malformed repository name",
                detail: $"'{malformed}' is not owner/name: pass ?repo=owner/name, once per repository.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var resumeAfter = context.Request.Headers[LastEventIdHeader].ToString() is { Length: > 0 } header ? header : lastEventId;
        var connection = new StreamLiveConnection(registry, identity, time.GetUtcNow(), options.Value.StreamQueueLength);
        registry.Add(connection);
        // After the add: a SessionEnded handled from here on closes it; one handled before is seen here.
        if (registry.HasEnded(identity.SessionHash, time.GetUtcNow()))
        {
            registry.Remove(connection);
            return TypedResults.Problem(title: "Session ended", detail: "This session has ended. Sign in with GitHub at /auth/github.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        try
        {
            var outcome = await subscriptions.SubscribeAsync(connection, requested, resumeAfter, cancellationToken: context.RequestAborted);
            return new EventStreamResult(connection, outcome, registry, options.Value, metrics);
        }
        catch
        {
            registry.Remove(connection);
            throw;
        }
    }
}

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
            if (connection.CloseReason == "too slow")
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
