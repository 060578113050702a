namespace ActionsDashboard.GitHub.OAuth;

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
