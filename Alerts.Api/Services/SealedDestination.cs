namespace Alerts.Api.Services;

/// <summary>What <see cref="SecretProtector"/> seals for a rule (as JSON).</summary>
public sealed record SealedDestination(string? Url, string? Secret);
