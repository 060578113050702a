using System.Globalization;

namespace ActionsDashboard.GitHub.Webhooks;

/// <summary>The headers GitHub sends with a webhook delivery.</summary>
/// <remarks>https://docs.github.com/webhooks/webhook-events-and-payloads#delivery-headers</remarks>
public sealed record WebhookHeaders
{
    public const string EventHeader = "X-GitHub-Event";
    public const string DeliveryHeader = "X-GitHub-Delivery";
    public const string HookIdHeader = "X-GitHub-Hook-ID";
    public const string InstallationTargetTypeHeader = "X-GitHub-Hook-Installation-Target-Type";
    public const string InstallationTargetIdHeader = "X-GitHub-Hook-Installation-Target-ID";
    public const string Signature256Header = "X-Hub-Signature-256";
    public const string SignatureSha1Header = "X-Hub-Signature";
    public const string UserAgentHeader = "User-Agent";
    public const string EnterpriseHostHeader = "X-GitHub-Enterprise-Host";
    public const string EnterpriseVersionHeader = "X-GitHub-Enterprise-Version";

    /// <summary><c>X-GitHub-Event</c>, e.g. <c>workflow_run</c>.</summary>
    public string? EventName { get; init; }

    /// <summary><c>X-GitHub-Delivery</c>: a GUID that a redelivery repeats, so it is the de-duplication key.</summary>
    public string? DeliveryId { get; init; }

    public string? HookId { get; init; }

    /// <summary>Where the hook was created (<c>repository</c>, <c>organization</c>, ...); treat as an opaque string.</summary>
    public string? InstallationTargetType { get; init; }

    public string? InstallationTargetId { get; init; }

    public string? UserAgent { get; init; }

    public string? Signature256 { get; init; }

    /// <summary>The legacy SHA-1 signature; never enough on its own.</summary>
    public string? SignatureSha1 { get; init; }

    public string? EnterpriseHost { get; init; }

    public string? EnterpriseVersion { get; init; }

    public long? HookIdValue => ParseLong(HookId);

    public long? InstallationTargetIdValue => ParseLong(InstallationTargetId);

    /// <summary>GitHub's deliveries always carry <c>User-Agent: GitHub-Hookshot/...</c>.</summary>
    public bool IsFromHookshot => UserAgent?.StartsWith("GitHub-Hookshot/", StringComparison.Ordinal) == true;

    /// <summary>The event and delivery id are there (without them a delivery cannot be routed or de-duplicated).</summary>
    public bool HasRequiredHeaders => !string.IsNullOrWhiteSpace(EventName) && !string.IsNullOrWhiteSpace(DeliveryId);

    /// <summary>Reads the headers through any lookup, e.g. <c>name =&gt; request.Headers[name]</c> in ASP.NET Core.</summary>
    public static WebhookHeaders FromLookup(Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        string? Get(string name) => header(name) is { Length: > 0 } value ? value.Trim() : null;
        return new WebhookHeaders
        {
            EventName = Get(EventHeader),
            DeliveryId = Get(DeliveryHeader),
            HookId = Get(HookIdHeader),
            InstallationTargetType = Get(InstallationTargetTypeHeader),
            InstallationTargetId = Get(InstallationTargetIdHeader),
            UserAgent = Get(UserAgentHeader),
            Signature256 = Get(Signature256Header),
            SignatureSha1 = Get(SignatureSha1Header),
            EnterpriseHost = Get(EnterpriseHostHeader),
            EnterpriseVersion = Get(EnterpriseVersionHeader),
        };
    }

    /// <summary>From multi-valued headers (<c>HttpHeaders</c> and the like); names match case-insensitively.</summary>
    public static WebhookHeaders From(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var map = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            map.TryAdd(name, values?.FirstOrDefault());
        }
        return FromLookup(name => map.GetValueOrDefault(name));
    }

    /// <summary>From single-valued headers; names match case-insensitively.</summary>
    public static WebhookHeaders From(IEnumerable<KeyValuePair<string, string?>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var map = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            map.TryAdd(name, value);
        }
        return FromLookup(name => map.GetValueOrDefault(name));
    }

    private static long? ParseLong(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) ? result : null;
}
