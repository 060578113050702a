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
