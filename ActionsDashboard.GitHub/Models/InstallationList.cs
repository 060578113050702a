namespace ActionsDashboard.GitHub.Models;

public sealed record InstallationList
{
    public int TotalCount { get; init; }
    public IReadOnlyList<Installation> Installations { get; init; } = [];
}
