using Microsoft.Extensions.Options;

namespace ActionsDashboard.Identity;

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
