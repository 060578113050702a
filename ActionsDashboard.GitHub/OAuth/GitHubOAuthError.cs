namespace ActionsDashboard.GitHub.OAuth;

/// <summary>The <c>error</c> codes GitHub returns from its OAuth endpoints.</summary>
/// <remarks>https://docs.github.com/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors</remarks>
public enum GitHubOAuthError
{
    Unknown,
    BadVerificationCode,
    IncorrectClientCredentials,
    RedirectUriMismatch,
    BadRefreshToken,
    UnverifiedUserEmail,
    ExpiredToken,
    AccessDenied,
    IncorrectDeviceCode,
    AuthorizationPending,
    SlowDown,
    UnsupportedGrantType,
    DeviceFlowDisabled,
    /// <summary>GitHub answered with a non-success HTTP status and no OAuth error body.</summary>
    HttpError,
}
