using ActionsDashboard.Identity;
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

        if (registry.OverLimit(connection, options.Value) is { } tooMany)
        {
            registry.Remove(connection);
            return TypedResults.Problem(title: "Too many live connections", detail: tooMany, statusCode: StatusCodes.Status429TooManyRequests);
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
