using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.IntegrationEvents;
using Gateway.Services;

namespace Gateway.IntegrationEvents;

/// <summary>
/// Auth.Api ended a session (sign-out elsewhere, a new sign-in replacing it, a refresh GitHub refused, expiry): drop the
/// gateway's cached answer for it, so the cookie stops working at once instead of when the cache entry runs out.
/// </summary>
public sealed class SessionEndedHandler(ISessionResolver sessions) : IIntegrationEventHandler<SessionEnded>
{
    public Task HandleAsync(SessionEnded @event, CancellationToken cancellationToken) => sessions.ForgetHashAsync(@event.SessionHash);
}
