namespace ActionsDashboard.GitHub;

/// <summary>GitHub endpoints and app credentials, bound from the <c>GitHub</c> configuration section.</summary>
/// <remarks>
/// GitHub Enterprise Server is <c>https://HOST/api/v3</c> for <see cref="ApiBaseUrl"/> and <c>https://HOST</c>
/// for <see cref="WebBaseUrl"/>; the simulator is configured the same way.
/// </remarks>
public sealed class GitHubOptions
{
    public const string SectionName = "GitHub";
    public const string DefaultApiBaseUrl = "https://api.github.com";
    public const string DefaultWebBaseUrl = "https://github.com";

    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    public string WebBaseUrl { get; set; } = DefaultWebBaseUrl;

    /// <summary>GitHub rejects API requests without a User-Agent.</summary>
    public string UserAgent { get; set; } = "ActionsDashboard";

    /// <summary>The GitHub App's id (or its client id: GitHub accepts either as the JWT issuer).</summary>
    public string? AppId { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The GitHub App's private key in PEM form (PKCS#1 as GitHub downloads it, or PKCS#8).</summary>
    public string? PrivateKey { get; set; }

    public string? PrivateKeyPath { get; set; }

    public string? WebhookSecret { get; set; }

    /// <summary>Extra accepted secrets, so a secret can be rotated without dropping deliveries.</summary>
    public List<string> WebhookSecrets { get; set; } = [];

    /// <summary>Every configured webhook secret, blank ones left out.</summary>
    public IReadOnlyList<string> GetWebhookSecrets()
    {
        var secrets = new List<string>();
        if (!string.IsNullOrWhiteSpace(WebhookSecret))
        {
            secrets.Add(WebhookSecret);
        }
        foreach (var secret in WebhookSecrets)
        {
            if (!string.IsNullOrWhiteSpace(secret) && !secrets.Contains(secret, StringComparer.Ordinal))
            {
                secrets.Add(secret);
            }
        }
        return secrets;
    }

    /// <summary>
    /// Combines a base URL that may carry a path (<c>https://HOST/api/v3</c>) with a relative path, keeping the
    /// base path: <c>new Uri(base, "/repos/...")</c> would drop <c>/api/v3</c>, and a base without a trailing
    /// slash would lose its last segment.
    /// </summary>
    public static Uri Combine(string baseUrl, string relativePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseUrl);
        ArgumentNullException.ThrowIfNull(relativePath);
        return new Uri(NormalizeBaseUrl(baseUrl) + relativePath.TrimStart('/'), UriKind.Absolute);
    }

    /// <summary>The base URL with exactly one trailing slash.</summary>
    public static string NormalizeBaseUrl(string baseUrl) => baseUrl.Trim().TrimEnd('/') + "/";

    // Secrets stay out of any log line that prints the options object.
    public override string ToString() =>
        $"GitHubOptions {{ ApiBaseUrl = {ApiBaseUrl}, WebBaseUrl = {WebBaseUrl}, AppId = {AppId}, ClientId = {ClientId} }}";
}
