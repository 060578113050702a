using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Model;

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
        if (!string.IsNullOrWhiteSpace(options.LogsUrl)
            && !(Uri.TryCreate(options.LogsUrl, UriKind.Absolute, out var logs) && logs.Scheme is "http" or "https"))
        {
            failures.Add($"Simulator:LogsUrl must be an absolute http or https URL; it is '{options.LogsUrl}'.");
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
