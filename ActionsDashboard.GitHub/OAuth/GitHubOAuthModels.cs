namespace ActionsDashboard.GitHub.OAuth;

/// <summary>What goes into <c>{WebBaseUrl}/login/oauth/authorize</c>.</summary>
public sealed record GitHubAuthorizeRequest
{
    /// <summary>Must match (or, for OAuth apps, be under) the callback URL registered for the app.</summary>
    public required string RedirectUri { get; init; }

    /// <summary>An unguessable value (see <see cref="OAuthState.Create"/>) kept server-side and checked on the callback.</summary>
    public required string State { get; init; }

    /// <summary><see cref="Pkce.ComputeChallenge"/> of the verifier kept server-side.</summary>
    public required string CodeChallenge { get; init; }

    /// <summary>Suggests an account to sign in with.</summary>
    public string? Login { get; init; }

    /// <summary>Space-separated scopes (OAuth apps only; GitHub Apps use the app's permissions instead).</summary>
    public string? Scope { get; init; }

    public bool? AllowSignup { get; init; }
}

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

/// <summary>GitHub refused a code exchange or refresh. <see cref="Exception.Message"/> is written for a person.</summary>
public sealed class GitHubOAuthException : Exception
{
    public GitHubOAuthException(GitHubOAuthError error, string? errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
        ErrorCode = errorCode;
    }

    public GitHubOAuthError Error { get; }

    /// <summary>GitHub's raw <c>error</c> value, e.g. <c>bad_verification_code</c>.</summary>
    public string? ErrorCode { get; }

    public string? ErrorDescription { get; init; }

    public string? ErrorUri { get; init; }

    public int? HttpStatus { get; init; }

    /// <summary>True when the user has to go through sign-in again (the code or refresh token is spent or invalid).</summary>
    public bool RequiresSignIn => Error is GitHubOAuthError.BadVerificationCode or GitHubOAuthError.BadRefreshToken
        or GitHubOAuthError.ExpiredToken or GitHubOAuthError.AccessDenied or GitHubOAuthError.UnverifiedUserEmail;

    /// <summary>Maps an <c>error</c> code (from a token response or from the callback's query string).</summary>
    public static GitHubOAuthException FromErrorCode(string errorCode, string? description = null, string? errorUri = null,
        int? httpStatus = null)
    {
        var error = errorCode switch
        {
            "bad_verification_code" => GitHubOAuthError.BadVerificationCode,
            "incorrect_client_credentials" => GitHubOAuthError.IncorrectClientCredentials,
            "redirect_uri_mismatch" => GitHubOAuthError.RedirectUriMismatch,
            "bad_refresh_token" => GitHubOAuthError.BadRefreshToken,
            "unverified_user_email" => GitHubOAuthError.UnverifiedUserEmail,
            "expired_token" => GitHubOAuthError.ExpiredToken,
            "access_denied" => GitHubOAuthError.AccessDenied,
            "incorrect_device_code" => GitHubOAuthError.IncorrectDeviceCode,
            "authorization_pending" => GitHubOAuthError.AuthorizationPending,
            "slow_down" => GitHubOAuthError.SlowDown,
            "unsupported_grant_type" => GitHubOAuthError.UnsupportedGrantType,
            "device_flow_disabled" => GitHubOAuthError.DeviceFlowDisabled,
            _ => GitHubOAuthError.Unknown,
        };
        var message = error switch
        {
            GitHubOAuthError.BadVerificationCode =>
                "The sign-in code from GitHub is invalid, expired or already used (codes last 10 minutes and work once). Start the sign-in again.",
            GitHubOAuthError.IncorrectClientCredentials =>
                "GitHub rejected this app's client ID or client secret. Check GitHub:ClientId and GitHub:ClientSecret.",
            GitHubOAuthError.RedirectUriMismatch =>
                "The redirect URI does not match the callback URL registered for the GitHub App. Fix the app's callback URL or the configured redirect URI.",
            GitHubOAuthError.BadRefreshToken =>
                "The GitHub refresh token is invalid, expired or already used. The user has to sign in again.",
            GitHubOAuthError.UnverifiedUserEmail =>
                "The GitHub account has no verified primary email address. The user has to verify it on GitHub, then sign in again.",
            GitHubOAuthError.ExpiredToken =>
                "The GitHub device code expired. Start the sign-in again.",
            GitHubOAuthError.AccessDenied =>
                "The user declined to authorize the app on GitHub.",
            GitHubOAuthError.IncorrectDeviceCode =>
                "GitHub does not recognise the device code. Start the sign-in again.",
            GitHubOAuthError.AuthorizationPending =>
                "The user has not entered the device code on GitHub yet; keep polling at the given interval.",
            GitHubOAuthError.SlowDown =>
                "Polling GitHub too fast; add 5 seconds to the polling interval.",
            GitHubOAuthError.UnsupportedGrantType =>
                "GitHub does not support the grant type this request used.",
            GitHubOAuthError.DeviceFlowDisabled =>
                "The device flow is not enabled in the GitHub App's settings.",
            _ => $"GitHub refused the token request ({errorCode}).",
        };
        if (!string.IsNullOrWhiteSpace(description))
        {
            message += $" GitHub said: \"{description}\".";
        }
        return new GitHubOAuthException(error, errorCode, message)
        {
            ErrorDescription = description,
            ErrorUri = errorUri,
            HttpStatus = httpStatus,
        };
    }
}
