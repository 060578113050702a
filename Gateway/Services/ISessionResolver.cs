using ActionsDashboard.Identity.Sessions;

namespace Gateway.Services;

/// <summary>Turns a session cookie into the session it names.</summary>
public interface ISessionResolver
{
    /// <summary>The live session, or null.</summary>
    /// <exception cref="SessionServiceUnavailableException">Neither the cache nor Auth.Api could answer.</exception>
    ValueTask<SessionResolution?> ResolveAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Drops any cached answer for the cookie (after a logout through the gateway).</summary>
    Task ForgetAsync(string sessionId);

    /// <summary>Drops any cached answer for the session with this hash (Auth.Api announced its end).</summary>
    Task ForgetHashAsync(string sessionHash);
}
