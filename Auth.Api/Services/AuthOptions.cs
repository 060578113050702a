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
