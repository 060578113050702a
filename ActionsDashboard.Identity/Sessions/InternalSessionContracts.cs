namespace ActionsDashboard.Identity.Sessions;

/// <summary><c>POST /internal/sessions/resolve</c> on Auth.Api (gateway → Auth.Api). The id travels in the body, never a URL.</summary>
public sealed record ResolveSessionRequest(string SessionId)
{
    public override string ToString() => "ResolveSessionRequest { SessionId = *** }";
}

/// <summary>A live session as the gateway needs it; holds no token.</summary>
public sealed record SessionResolution(string SessionHash, long UserId, string Login, string? Name, string? AvatarUrl, DateTimeOffset ExpiresAt);

/// <summary><c>POST /internal/github-token</c> on Auth.Api (GitHubProxy.Api → Auth.Api): the user's GitHub access token.</summary>
public sealed record GitHubAccessTokenResponse(string AccessToken, DateTimeOffset? ExpiresAt)
{
    public override string ToString() => $"GitHubAccessTokenResponse {{ AccessToken = ***, ExpiresAt = {ExpiresAt:O} }}";
}
