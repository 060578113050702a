namespace ActionsDashboard.GitHub.OAuth;

/// <summary>A user access token from the code exchange or a refresh.</summary>
/// <remarks>
/// GitHub App user tokens expire after 8 hours and their refresh tokens after about 6 months; each refresh
/// returns a new pair and invalidates the old refresh token.
/// https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens
/// </remarks>
public sealed class GitHubOAuthToken
{
    public required string AccessToken { get; init; }

    public string TokenType { get; init; } = "bearer";

    public string Scope { get; init; } = "";

    /// <summary>Null for tokens that do not expire (OAuth apps, or apps with expiration turned off).</summary>
    public TimeSpan? ExpiresIn { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public string? RefreshToken { get; init; }

    public TimeSpan? RefreshTokenExpiresIn { get; init; }

    public DateTimeOffset? RefreshTokenExpiresAt { get; init; }

    // Tokens never reach a log line through ToString.
    public override string ToString() =>
        $"GitHubOAuthToken {{ TokenType = {TokenType}, Scope = {Scope}, ExpiresAt = {ExpiresAt:O}, HasRefreshToken = {RefreshToken is not null} }}";
}
