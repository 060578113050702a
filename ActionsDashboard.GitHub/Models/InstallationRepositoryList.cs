namespace ActionsDashboard.GitHub.Models;

public sealed record InstallationRepositoryList
{
    public int TotalCount { get; init; }
    public string? RepositorySelection { get; init; }
    public IReadOnlyList<Repository> Repositories { get; init; } = [];
}
