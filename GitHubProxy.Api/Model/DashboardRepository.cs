namespace GitHubProxy.Api.Model;

public sealed record DashboardRepository
{
    public string FullName { get; init; } = "";
    public string Owner { get; init; } = "";
    public string Name { get; init; } = "";
    public bool Private { get; init; }
    public string DefaultBranch { get; init; } = "main";
    public string HtmlUrl { get; init; } = "";
    public bool CanRerun { get; init; }
    public bool CanCancel { get; init; }
    public string? Category { get; init; }
    public bool Pinned { get; init; }
    public IReadOnlyList<Run> Runs { get; init; } = [];
    /// <summary>Latest runs of older (workflow, branch) pairs left out of <see cref="Runs"/> (see GitHubProxy:DashboardRunsPerRepository).</summary>
    public int HiddenRuns { get; init; }
    public bool Stale { get; init; }
    public DateTimeOffset FetchedAt { get; init; }
}
