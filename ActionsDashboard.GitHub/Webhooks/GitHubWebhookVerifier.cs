using Microsoft.Extensions.Options;

namespace ActionsDashboard.GitHub.Webhooks;

/// <summary>
/// Verifies deliveries against the configured <c>GitHub:WebhookSecret</c> and <c>GitHub:WebhookSecrets</c>, read
/// on each call so a rotated secret applies without a restart.
/// </summary>
public sealed class GitHubWebhookVerifier(IOptionsMonitor<GitHubOptions> options)
{
    /// <summary>True when at least one webhook secret is configured.</summary>
    public bool HasSecret => options.CurrentValue.GetWebhookSecrets().Count > 0;

    public bool Verify(ReadOnlySpan<byte> body, string? signature256Header) =>
        WebhookSignature.Verify(body, signature256Header, options.CurrentValue.GetWebhookSecrets());

    /// <summary>
    /// A check to feed the body into as it arrives, or null when <paramref name="signature256Header"/> cannot match any
    /// body (missing or malformed, or no secret configured): such a request need not be read at all.
    /// </summary>
    public IncrementalWebhookSignature? Start(string? signature256Header) =>
        IncrementalWebhookSignature.Start(signature256Header, options.CurrentValue.GetWebhookSecrets());

    public bool Verify(ReadOnlySpan<byte> body, WebhookHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return Verify(body, headers.Signature256);
    }
}
