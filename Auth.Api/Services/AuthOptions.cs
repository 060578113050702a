using Microsoft.Extensions.Options;

namespace Auth.Api.Services;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";
    public const int TokenKeyBytes = 32;

    /// <summary>A session nobody has used for this long is over.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromDays(1);

    /// <summary>A session is over this long after sign-in, however busy.</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long a sign-in may stay at GitHub before its state is no longer accepted.</summary>
    public TimeSpan SignInLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A GitHub access token that expires within this is refreshed before it is handed out.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Last-seen is written at most this often per session, so busy sessions do not write on every request.</summary>
    public TimeSpan LastSeenUpdateInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Token-sealing keys by id: base64 of 32 random bytes each. Keep old ids after a rotation: they still decrypt.</summary>
    public Dictionary<string, string> TokenKeys { get; set; } = [];

    /// <summary>The id in <see cref="TokenKeys"/> that seals new tokens.</summary>
    public string? ActiveTokenKey { get; set; }

    /// <summary>GitHub's redirect_uri (the gateway's public <c>/auth/callback</c>); unset: built from the request as forwarded by the gateway.</summary>
    public string? CallbackUrl { get; set; }

    /// <summary>Audiences of identity tokens accepted by <c>/internal/github-token</c>: the services that may ask for a user's GitHub token.</summary>
    public List<string> GitHubTokenAudiences { get; set; } = ["githubproxy-api"];

    public override string ToString() => $"AuthOptions {{ ActiveTokenKey = {ActiveTokenKey}, TokenKeys = {TokenKeys.Count} }}";
}

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
