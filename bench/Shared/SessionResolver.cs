using ActionsDashboard.Identity.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

/// <summary>
/// Auth.Api's session lookup as the gateway calls it (<c>POST /internal/sessions/resolve</c>, the internal API key), for a
/// fixed set of sessions: what a bench needs to put the real gateway, with its session check, in front of a service.
/// </summary>
internal static class SessionResolver
{
    /// <summary>Answers the sessions in <paramref name="sessions"/> (by session id) and 404 for any other; <paramref name="resolved"/>
    /// is called on each lookup (the gateway caches them: lookups during a measurement are cache misses).</summary>
    public static void MapSessionResolve(this WebApplication app, IReadOnlyDictionary<string, SessionResolution> sessions, string apiKey,
        Action? resolved = null) =>
        app.MapPost("/internal/sessions/resolve", (ResolveSessionRequest request, HttpContext context) =>
        {
            resolved?.Invoke();
            return context.Request.Headers.Authorization == $"Bearer {apiKey}" && sessions.TryGetValue(request.SessionId, out var resolution)
                ? Results.Ok(resolution)
                : Results.NotFound();
        });
}
