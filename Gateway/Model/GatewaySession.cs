namespace Gateway.Model;

/// <summary>The signed-in session of the current request, set by the session check.</summary>
public sealed record GatewaySession(ActionsDashboard.Identity.Sessions.SessionResolution Resolution);
