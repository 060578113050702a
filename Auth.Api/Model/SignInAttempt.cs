namespace Auth.Api.Model;

/// <summary>
/// A sign-in that went to GitHub and has not come back yet: keyed by the hash of its OAuth <c>state</c>, used once,
/// with the PKCE verifier sealed like a token.
/// </summary>
public sealed class SignInAttempt
{
    public required string StateHash { get; set; }

    public required string KeyId { get; set; }

    public required byte[] CodeVerifierCiphertext { get; set; }

    public required string RedirectUri { get; set; }

    public required string ReturnUrl { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
