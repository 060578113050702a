namespace Alerts.Api.Model;

/// <summary>A destination as answered: the URL's host only (a webhook URL is a credential) and never the secret.</summary>
public sealed record DestinationResponse(string Type, string? Host, string? Address, bool HasSecret);
