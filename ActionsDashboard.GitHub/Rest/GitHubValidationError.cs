namespace ActionsDashboard.GitHub.Rest;

/// <summary>One entry of the <c>errors</c> array GitHub sends with a 422.</summary>
public sealed record GitHubValidationError(string? Resource, string? Field, string? Code, string? Message);
