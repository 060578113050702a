using Microsoft.Extensions.Options;

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

/// <summary>The background scenario that keeps workflow runs going (the demo mode turns it on).</summary>
public sealed class ScenarioSettings
{
    public bool Enabled { get; set; }

    /// <summary>Seconds between two steps of the scenario.</summary>
    public double StepSeconds { get; set; } = 5;

    /// <summary>A new run starts every this many steps (and whenever nothing is running).</summary>
    public int NewRunEverySteps { get; set; } = 3;

    public int MaxActiveRuns { get; set; } = 4;

    /// <summary>Share of scenario runs that end in failure.</summary>
    public double FailureRate { get; set; } = 0.2;

    /// <summary>Seed of the world's random choices; unset: a different world history on each start.</summary>
    public int? Seed { get; set; }
}

public sealed class RateLimitSettings
{
    /// <summary>Requests per hour for a user token (GitHub: 5,000).</summary>
    public int PerHour { get; set; } = 5000;

    public int InstallationPerHour { get; set; } = 5000;

    /// <summary>Requests per hour without a token, per client address (GitHub: 60).</summary>
    public int AnonymousPerHour { get; set; } = 60;
}

/// <summary>Faults to inject into webhook deliveries, each a probability from 0 to 1.</summary>
public sealed class DeliverySettings
{
    public double DuplicateRate { get; set; }

    public double DropRate { get; set; }

    public double ReorderRate { get; set; }

    /// <summary>How long a delivery held back for reordering waits for a successor before it is sent anyway.</summary>
    public double ReorderHoldSeconds { get; set; } = 2;

    /// <summary>GitHub gives a receiver 10 seconds.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Deliveries kept for the control API and redelivery (oldest dropped first).</summary>
    public int MaxRecorded { get; set; } = 2000;

    /// <summary>Send a <c>push</c> delivery before the runs a push starts.</summary>
    public bool SendPush { get; set; } = true;
}

public sealed class OAuthSettings
{
    /// <summary>GitHub App user tokens live 8 hours.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>GitHub: 15,897,600 seconds (184 days).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromSeconds(15_897_600);

    /// <summary>An authorization code works once, for 10 minutes.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);
}

public sealed class GitHubAppSettings
{
    /// <summary>The app id that app JWTs must carry as <c>iss</c> (the client id is accepted as well, like GitHub).</summary>
    public string Id { get; set; } = "12345";

    public string Slug { get; set; } = "actions-dashboard";

    /// <summary>PEM public key; when set, app JWT signatures are verified, otherwise only their shape and claims.</summary>
    public string? PublicKey { get; set; }

    public TimeSpan InstallationTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public long NumericId => long.TryParse(Id, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : 0;
}

internal sealed class SimulatorOptionsValidator : IValidateOptions<SimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        var failures = new List<string>();
        if (!IsAbsoluteHttpUrl(options.WebhookUrl, allowEmpty: true))
        {
            failures.Add($"Simulator:WebhookUrl must be an absolute http(s) URL such as http://localhost:8080/webhooks/github; it is '{options.WebhookUrl}'.");
        }
        if (!IsAbsoluteHttpUrl(options.PublicUrl, allowEmpty: true))
        {
            failures.Add($"Simulator:PublicUrl must be an absolute http(s) URL such as http://localhost:5099; it is '{options.PublicUrl}'.");
        }
        if (string.IsNullOrWhiteSpace(options.ClientId) || string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.Add("Simulator:ClientId and Simulator:ClientSecret must not be empty (defaults: Iv1.demo-client-id / demo-client-secret).");
        }
        if (options.Scenario.StepSeconds <= 0)
        {
            failures.Add($"Simulator:Scenario:StepSeconds must be above 0; it is {options.Scenario.StepSeconds}.");
        }
        if (options.Scenario.NewRunEverySteps < 1 || options.Scenario.MaxActiveRuns < 1)
        {
            failures.Add("Simulator:Scenario:NewRunEverySteps and MaxActiveRuns must be at least 1.");
        }
        foreach (var (key, value) in new[]
                 {
                     ("Delivery:DuplicateRate", options.Delivery.DuplicateRate),
                     ("Delivery:DropRate", options.Delivery.DropRate),
                     ("Delivery:ReorderRate", options.Delivery.ReorderRate),
                     ("Scenario:FailureRate", options.Scenario.FailureRate),
                 })
        {
            if (value is < 0 or > 1 || double.IsNaN(value))
            {
                failures.Add($"Simulator:{key} is a probability from 0 to 1; it is {value}.");
            }
        }
        if (options.RateLimit.PerHour < 1 || options.RateLimit.InstallationPerHour < 1 || options.RateLimit.AnonymousPerHour < 1)
        {
            failures.Add("Simulator:RateLimit:PerHour, InstallationPerHour and AnonymousPerHour must be at least 1.");
        }
        if (options.OAuth.AccessTokenLifetime <= TimeSpan.Zero || options.OAuth.RefreshTokenLifetime <= TimeSpan.Zero || options.OAuth.CodeLifetime <= TimeSpan.Zero)
        {
            failures.Add("Simulator:OAuth lifetimes must be positive (e.g. AccessTokenLifetime = 08:00:00).");
        }
        if (options.App.NumericId <= 0)
        {
            failures.Add($"Simulator:App:Id must be a positive number (GitHub app ids are); it is '{options.App.Id}'.");
        }
        if (!string.IsNullOrWhiteSpace(options.App.PublicKey))
        {
            using var rsa = System.Security.Cryptography.RSA.Create();
            try
            {
                rsa.ImportFromPem(options.App.PublicKey.Replace("\\n", "\n", StringComparison.Ordinal));
            }
            catch (ArgumentException)
            {
                failures.Add("Simulator:App:PublicKey must be a PEM RSA public key ('-----BEGIN PUBLIC KEY-----').");
            }
        }
        if (options.Delivery.TimeoutSeconds <= 0 || options.Delivery.ReorderHoldSeconds <= 0 || options.Delivery.MaxRecorded < 1)
        {
            failures.Add("Simulator:Delivery:TimeoutSeconds, ReorderHoldSeconds and MaxRecorded must be positive.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsAbsoluteHttpUrl(string? value, bool allowEmpty) =>
        string.IsNullOrWhiteSpace(value)
            ? allowEmpty
            : Uri.TryCreate(value, UriKind.Absolute, out var uri)
                // "https+http://gateway" is Aspire's service-discovery form: the scheme lists the allowed ones.
                && uri.Scheme.Split('+').All(scheme => scheme is "http" or "https");
}
