namespace GitHub.Simulator.Services;

public sealed record InstallationToken(string Token, long InstallationId, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"InstallationToken {{ InstallationId = {InstallationId}, ExpiresAt = {ExpiresAt:O} }}";
}
