namespace GitHub.Simulator.Model;

/// <summary>The <c>Simulator</c> configuration section. Every key has a default, so the simulator runs with none.</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    /// <summary>Where webhook deliveries are POSTed (the gateway's <c>/webhooks/github</c>). Unset: deliveries are recorded, not sent.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The HMAC key for <c>X-Hub-Signature-256</c>; <c>GitHub:WebhookSecret</c> is read when this is unset.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The OAuth app credentials the token endpoint accepts.</summary>
    public string ClientId { get; set; } = "Iv1.demo-client-id";

    public string ClientSecret { get; set; } = "demo-client-secret";

    /// <summary>The simulator's external base URL for <c>url</c>/<c>html_url</c> fields and Link headers. Unset: taken from each request.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// Base URL of the host job logs are served from (GitHub: blob storage on another host, through a signed URL). Unset:
    /// the simulator's own origin of the request. Point it at another name of the simulator to make the log host differ.
    /// </summary>
    public string? LogsUrl { get; set; }

    /// <summary><c>X-GitHub-Hook-ID</c> of the (single) app webhook.</summary>
    public long HookId { get; set; } = 420_000_001;

    /// <summary>A JSON file with a <see cref="WorldDefinition"/>; wins over the <c>Simulator:World</c> section.</summary>
    public string? WorldFile { get; set; }

    /// <summary>Users, organisations, repositories and installations; lists left out come from the default world.</summary>
    public WorldDefinition? World { get; set; }

    public ScenarioSettings Scenario { get; set; } = new();

    public RateLimitSettings RateLimit { get; set; } = new();

    public DeliverySettings Delivery { get; set; } = new();

    public OAuthSettings OAuth { get; set; } = new();

    public GitHubAppSettings App { get; set; } = new();

    // Secrets stay out of any log line that prints the options.
    public override string ToString() =>
        $"SimulatorOptions {{ WebhookUrl = {WebhookUrl}, ClientId = {ClientId}, PublicUrl = {PublicUrl}, Scenario = {Scenario.Enabled} }}";
}
