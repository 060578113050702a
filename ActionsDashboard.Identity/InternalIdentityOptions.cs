using Microsoft.Extensions.Options;

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

internal sealed class InternalIdentityOptionsValidator : IValidateOptions<InternalIdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, InternalIdentityOptions options)
    {
        var failures = new List<string>();
        CheckKey(options.SigningKey, $"{InternalIdentityOptions.SectionName}:SigningKey", required: true, failures);
        for (var i = 0; i < options.PreviousSigningKeys.Count; i++)
        {
            CheckKey(options.PreviousSigningKeys[i], $"{InternalIdentityOptions.SectionName}:PreviousSigningKeys:{i}", required: false, failures);
        }

        if (options.TokenLifetime <= TimeSpan.Zero || options.TokenLifetime > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{InternalIdentityOptions.SectionName}:TokenLifetime must be between 00:00:01 and 00:10:00 (a token covers one hop).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckKey(string? value, string key, bool required, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                failures.Add($"{key} is missing: set it (environment {key.Replace(":", "__", StringComparison.Ordinal)}) to base64 of at least "
                    + $"{InternalIdentityOptions.MinimumKeyBytes} random bytes, the same value on the gateway and every service.");
            }

            return;
        }

        try
        {
            if (Convert.FromBase64String(value).Length < InternalIdentityOptions.MinimumKeyBytes)
            {
                failures.Add($"{key} must decode to at least {InternalIdentityOptions.MinimumKeyBytes} bytes.");
            }
        }
        catch (FormatException)
        {
            failures.Add($"{key} is not valid base64.");
        }
    }
}
