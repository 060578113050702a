namespace Auth.Api.Model;

/// <summary>
/// A signed-in browser. The row is keyed by the hash of the session id (the cookie value is never stored) and holds
/// the user's GitHub tokens only as AEAD ciphertext, with the id of the key that sealed them.
/// </summary>
public sealed class Session
{
    public required string IdHash { get; set; }

    public long UserId { get; set; }

    public User? User { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    public DateTimeOffset IdleExpiresAt { get; set; }

    public DateTimeOffset AbsoluteExpiresAt { get; set; }

    public required string TokenKeyId { get; set; }

    public required byte[] AccessTokenCiphertext { get; set; }

    /// <summary>Null for tokens that do not expire (an OAuth app, or a GitHub App with expiring tokens turned off).</summary>
    public DateTimeOffset? AccessTokenExpiresAt { get; set; }

    public byte[]? RefreshTokenCiphertext { get; set; }

    public DateTimeOffset? RefreshTokenExpiresAt { get; set; }

    public DateTimeOffset? TokensRefreshedAt { get; set; }

    public DateTimeOffset ExpiresAt => IdleExpiresAt < AbsoluteExpiresAt ? IdleExpiresAt : AbsoluteExpiresAt;
}
