using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.IntegrationEvents;

namespace Auth.Api.Services;

/// <summary>
/// Announces <see cref="SessionEnded"/> on the event bus (Realtime.Hub closes the session's live connections). Ending a
/// session never fails because of it: a broker that is down or slow is logged and the sign-out goes on (the hub's
/// maximum connection lifetime is the safety net). Without <c>ConnectionStrings:eventbus</c> nothing is published.
/// </summary>
public sealed partial class SessionEndedPublisher(IServiceProvider services, ILogger<SessionEndedPublisher> logger)
{
    /// <summary>How long a sign-out waits for the broker's confirm before it moves on.</summary>
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(3);

    private readonly IEventBus? _eventBus = services.GetService<IEventBus>();

    public async Task PublishAsync(string sessionHash, long userId, string reason)
    {
        if (_eventBus is null)
        {
            return;
        }

        try
        {
            // Not the request's token: a client that hangs up mid sign-out must not stop the announcement.
            using var timeout = new CancellationTokenSource(PublishTimeout);
            await _eventBus.PublishAsync(new SessionEnded { SessionHash = sessionHash, UserId = userId, Reason = reason }, timeout.Token);
        }
        catch (Exception exception)
        {
            LogPublishFailed(logger, exception, userId, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce the end of a session of GitHub user {UserId} ({Reason}); its live connections close at their maximum lifetime.")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, long userId, string reason);
}
