namespace ActionsDashboard.Identity.Sessions;

/// <summary><c>POST /internal/sessions/resolve</c> on Auth.Api (gateway → Auth.Api). The id travels in the body, never a URL.</summary>
public sealed record ResolveSessionRequest(string SessionId)
{
    public override string ToString() => "ResolveSessionRequest { SessionId = *** }";
}
