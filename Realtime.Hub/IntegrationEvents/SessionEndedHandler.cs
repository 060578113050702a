using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.IntegrationEvents;
using Microsoft.Extensions.Options;

namespace Realtime.Hub.IntegrationEvents;

/// <summary>Auth.Api ended a session: close every connection that came with it (the client then asks /auth/session).</summary>
/// The session is also remembered for a while: a browser that reconnects at once can still pass the gateway (which caches
/// sessions briefly), and that connection must not live on.
public sealed partial class SessionEndedHandler(
    ConnectionRegistry registry,
    RealtimeMetrics metrics,
    IOptions<RealtimeOptions> options,
    TimeProvider time,
    ILogger<SessionEndedHandler> logger)
    : IIntegrationEventHandler<SessionEnded>
{
    public Task HandleAsync(SessionEnded @event, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        registry.EndSession(@event.SessionHash, now + options.Value.EndedSessionMemory, now);
        var closed = 0;
        foreach (var connection in registry.ForSession(@event.SessionHash))
        {
            connection.Close("session ended");
            metrics.Closed("session-ended");
            closed++;
        }

        if (closed > 0)
        {
            LogClosed(logger, closed, @event.UserId, @event.Reason);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} connections of GitHub user {UserId}: session ended ({Reason}).")]
    private static partial void LogClosed(ILogger logger, int count, long userId, string reason);
}
