namespace ActionsDashboard.Identity;

/// <summary>The <c>Identity</c> configuration section, the same on the gateway and on every service.</summary>
public sealed class InternalIdentityOptions
{
    public const string SectionName = "Identity";
    public const int MinimumKeyBytes = 32;

    /// <summary>
    /// The gateway's ECDSA P-256 private key (base64 PKCS#8): tokens are signed ES256. Only the gateway holds it.
    /// </summary>
    public string? PrivateKey { get; set; }

    /// <summary>
    /// A service's copy of the gateway's public key (base64 SubjectPublicKeyInfo). When set, the service accepts only
    /// ES256 tokens signed with the matching private key (or one of <see cref="PreviousPublicKeys"/>), never an HMAC one.
    /// </summary>
    public string? PublicKey { get; set; }

    /// <summary>Older public keys still accepted while a rotation of the private key rolls out.</summary>
    public List<string> PreviousPublicKeys { get; set; } = [];

    /// <summary>
    /// Base64 of at least 32 random bytes: a shared HMAC-SHA256 key that signs (gateway) and checks (services) tokens,
    /// used only where no <see cref="PrivateKey"/> / <see cref="PublicKey"/> is configured (tests, single-key setups).
    /// Anyone holding it can mint tokens: the AppHost gives the services the public key instead.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Older signing keys (base64) still accepted while a rotation rolls out; only <see cref="SigningKey"/> signs.</summary>
    public List<string> PreviousSigningKeys { get; set; } = [];

    /// <summary>How long a minted token is valid: each request gets its own, so this only has to cover one hop.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Allowed difference between the gateway's clock and a service's.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The audience a service accepts (its resource name); set by <c>AddInternalIdentity(audience)</c> unless configured.</summary>
    public string? Audience { get; set; }

    internal IEnumerable<byte[]> ValidationKeyBytes() =>
        new[] { SigningKey }.Concat(PreviousSigningKeys).Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => Convert.FromBase64String(k!));

    internal byte[] SigningKeyBytes() => Convert.FromBase64String(SigningKey!);
}
