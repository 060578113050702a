namespace Alerts.Api.Services;

/// <summary>The <c>Alerts</c> section.</summary>
public sealed class AlertsOptions
{
    public const string SectionName = "Alerts";

    /// <summary>Slack's and Teams' webhook hosts: what <see cref="AllowedHosts"/> is when not configured.</summary>
    public static readonly string[] DefaultAllowedHosts = ["hooks.slack.com", "*.webhook.office.com", "*.logic.azure.com"];

    /// <summary>Host names (exact, or <c>*.suffix</c> for any name under it) a destination URL may point at. Null: the
    /// defaults. An address that resolves to an internal network is refused whatever this says.</summary>
    public string[]? AllowedHosts { get; set; }

    public IReadOnlyList<string> EffectiveAllowedHosts => AllowedHosts ?? DefaultAllowedHosts;

    /// <summary>Demo mode and tests: destinations on loopback (127.0.0.0/8, ::1, <c>localhost</c>, plain http allowed).</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Base64 of 32 bytes: the AES-256-GCM key that seals destinations' URLs and secrets at rest.</summary>
    public string SecretKey { get; set; } = "";

    /// <summary>How long one send may take, connecting included.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts before a delivery is marked failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first failed attempt; doubled after each, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the sender looks for due deliveries when nothing woke it (retries, other replicas' work).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often queued runs and jobs are checked against rules' <c>queuedMinutes</c>.</summary>
    public TimeSpan QueuedScanInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a user's access list from GitHubProxy.Api is reused.</summary>
    public TimeSpan AccessListCacheTime { get; set; } = TimeSpan.FromSeconds(60);

    public int MaxRulesPerUser { get; set; } = 100;

    public SmtpOptions Smtp { get; set; } = new();
}
