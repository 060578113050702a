namespace ActionsDashboard.GitHub.Apps;

/// <summary>The answer to <c>POST /app/installations/{id}/access_tokens</c>: a token valid for one hour.</summary>
public sealed class InstallationAccessToken
{
    public string Token { get; init; } = "";

    public DateTimeOffset ExpiresAt { get; init; }

    public IReadOnlyDictionary<string, string>? Permissions { get; init; }

    public string? RepositorySelection { get; init; }

    // The token must never reach a log line through ToString.
    public override string ToString() => $"InstallationAccessToken {{ ExpiresAt = {ExpiresAt:O} }}";
}
