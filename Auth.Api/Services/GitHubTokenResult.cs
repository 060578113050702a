namespace Auth.Api.Services;

public sealed record GitHubTokenResult(GitHubTokenStatus Status, string? AccessToken = null, DateTimeOffset? ExpiresAt = null)
{
    public override string ToString() => $"GitHubTokenResult {{ Status = {Status}, ExpiresAt = {ExpiresAt:O} }}";
}
