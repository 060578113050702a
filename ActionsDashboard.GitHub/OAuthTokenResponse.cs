namespace ActionsDashboard.GitHub;

/// <summary>GitHub's answer at <c>/login/oauth/access_token</c>: a token or, with HTTP 200 still, an error.</summary>
internal sealed class OAuthTokenResponse
{
    public string? AccessToken { get; init; }
    public string? TokenType { get; init; }
    public string? Scope { get; init; }
    public long? ExpiresIn { get; init; }
    public string? RefreshToken { get; init; }
    public long? RefreshTokenExpiresIn { get; init; }
    public string? Error { get; init; }
    public string? ErrorDescription { get; init; }
    public string? ErrorUri { get; init; }
}
