namespace GitHubProxy.Api.Model;

public sealed record AutoRefreshSettings
{
    public bool Enabled { get; init; } = true;
    public int IntervalSeconds { get; init; } = 60;
}
