using Microsoft.Extensions.Options;

namespace ActionsDashboard.Identity;

internal sealed class InternalIdentityOptionsValidator : IValidateOptions<InternalIdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, InternalIdentityOptions options)
    {
        var failures = new List<string>();
        var asymmetric = !string.IsNullOrWhiteSpace(options.PrivateKey) || !string.IsNullOrWhiteSpace(options.PublicKey);
        CheckKey(options.SigningKey, $"{InternalIdentityOptions.SectionName}:SigningKey", required: !asymmetric, failures);
        CheckEcKey(options.PrivateKey, $"{InternalIdentityOptions.SectionName}:PrivateKey", isPrivate: true, failures);
        CheckEcKey(options.PublicKey, $"{InternalIdentityOptions.SectionName}:PublicKey", isPrivate: false, failures);
        for (var i = 0; i < options.PreviousPublicKeys.Count; i++)
        {
            CheckEcKey(options.PreviousPublicKeys[i], $"{InternalIdentityOptions.SectionName}:PreviousPublicKeys:{i}", isPrivate: false, failures);
        }

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

    private static void CheckEcKey(string? value, string key, bool isPrivate, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        try
        {
            using var ecdsa = System.Security.Cryptography.ECDsa.Create();
            var bytes = Convert.FromBase64String(value);
            if (isPrivate)
            {
                ecdsa.ImportPkcs8PrivateKey(bytes, out _);
            }
            else
            {
                ecdsa.ImportSubjectPublicKeyInfo(bytes, out _);
            }

            if (ecdsa.KeySize != 256)
            {
                failures.Add($"{key} must be an ECDSA P-256 key.");
            }
        }
        catch (Exception exception) when (exception is FormatException or System.Security.Cryptography.CryptographicException)
        {
            failures.Add($"{key} is not a base64 ECDSA P-256 {(isPrivate ? "PKCS#8 private key" : "SubjectPublicKeyInfo public key")}.");
        }
    }

    private static void CheckKey(string? value, string key, bool required, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                failures.Add($"{key} is missing, and so are {InternalIdentityOptions.SectionName}:PrivateKey (the gateway) and :PublicKey "
                    + $"(services): set the key pair, or set {key} (environment {key.Replace(":", "__", StringComparison.Ordinal)}) to base64 of at least "
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
