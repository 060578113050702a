using ActionsDashboard.EventBus.Events;

namespace ActionsDashboard.IntegrationEvents;

/// <summary>
/// A session is over (signed out, replaced by a new sign-in in the same browser, ended by a refresh GitHub refused, or
/// expired). Published by Auth.Api; Realtime.Hub closes the live connections that came with that session.
/// </summary>
public sealed record SessionEnded : IntegrationEvent
{
    /// <summary>The session id's hash (the <c>sid</c> claim of the gateway's identity token), never the id itself.</summary>
    public string SessionHash { get; init; } = "";

    /// <summary>The GitHub user id the session belonged to.</summary>
    public long UserId { get; init; }

    /// <summary>One of <see cref="SessionEndReasons"/>.</summary>
    public string Reason { get; init; } = "";
}
