using Microsoft.Extensions.Options;

namespace Auth.Api.Services;

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (options.TokenKeys.Count == 0)
        {
            failures.Add("Auth:TokenKeys has no key: set Auth__TokenKeys__<id> to base64 of 32 random bytes and Auth__ActiveTokenKey to <id>.");
        }

        foreach (var (id, value) in options.TokenKeys)
        {
            if (!IsKeyBytes(value))
            {
                failures.Add($"Auth:TokenKeys:{id} must be base64 of exactly {AuthOptions.TokenKeyBytes} bytes (an AES-256 key).");
            }
        }

        if (string.IsNullOrWhiteSpace(options.ActiveTokenKey) || !options.TokenKeys.ContainsKey(options.ActiveTokenKey))
        {
            failures.Add("Auth:ActiveTokenKey must name one of the ids under Auth:TokenKeys.");
        }

        if (options.IdleTimeout <= TimeSpan.Zero || options.AbsoluteTimeout <= TimeSpan.Zero)
        {
            failures.Add("Auth:IdleTimeout and Auth:AbsoluteTimeout must be positive.");
        }

        if (options.SignInLifetime <= TimeSpan.Zero || options.SignInLifetime > TimeSpan.FromMinutes(10))
        {
            failures.Add("Auth:SignInLifetime must be positive and at most 00:10:00 (GitHub's codes last 10 minutes).");
        }

        if (options.CallbackUrl is { Length: > 0 } callback
            && (!Uri.TryCreate(callback, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            failures.Add("Auth:CallbackUrl must be an absolute http(s) URL ending in /auth/callback.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsKeyBytes(string? value)
    {
        var buffer = new byte[AuthOptions.TokenKeyBytes + 3];
        return !string.IsNullOrWhiteSpace(value) && Convert.TryFromBase64String(value, buffer, out var written) && written == AuthOptions.TokenKeyBytes;
    }
}
