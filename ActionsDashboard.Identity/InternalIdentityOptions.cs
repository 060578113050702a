namespace ActionsDashboard.Identity;

/// <summary>The <c>Identity</c> configuration section, the same on the gateway and on every service.</summary>
public sealed class InternalIdentityOptions
{
    public const string SectionName = "Identity";
    public const int MinimumKeyBytes = 32;

    /// <summary>Base64 of at least 32 random bytes: the HMAC-SHA256 key that signs (gateway) and checks (services) tokens.</summary>
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
