namespace Auth.Api.Services;

public enum SignInFailureKind
{
    /// <summary>GitHub came back with <c>error=...</c> (the user declined, or the app is misconfigured).</summary>
    GitHubError,
    /// <summary>No state, no sign-in cookie, or they differ: this callback did not start in this browser.</summary>
    StateMismatch,
    /// <summary>The state is unknown or was used already.</summary>
    StateUnknown,
    StateExpired,
    /// <summary>GitHub refused the code exchange (expired or reused code, PKCE mismatch).</summary>
    CodeRejected,
    /// <summary>GitHub could not be reached or answered with an error; trying again may work.</summary>
    GitHubUnavailable,
}
