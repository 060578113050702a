namespace ActionsDashboard.Identity.Sessions;

/// <summary><c>POST /internal/github-token</c> on Auth.Api (GitHubProxy.Api → Auth.Api): the user's GitHub access token.</summary>
public sealed record GitHubAccessTokenResponse(string AccessToken, DateTimeOffset? ExpiresAt)
{
    public override string ToString() => $"GitHubAccessTokenResponse {{ AccessToken = ***, ExpiresAt = {ExpiresAt:O} }}";
}
