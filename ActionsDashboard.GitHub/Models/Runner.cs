namespace ActionsDashboard.GitHub.Models;

/// <summary>
/// A self-hosted runner (<c>GET /repos/{owner}/{repo}/actions/runners</c>): <see cref="Status"/> is <c>online</c> or
/// <c>offline</c>, and <see cref="Busy"/> says whether it runs a job now.
/// https://docs.github.com/rest/actions/self-hosted-runners#list-self-hosted-runners-for-a-repository
/// </summary>
public sealed record Runner
{
    public long Id { get; init; }
    public long? RunnerGroupId { get; init; }
    public string Name { get; init; } = "";
    public string Os { get; init; } = "";
    public string Status { get; init; } = "";
    public bool Busy { get; init; }
    public bool Ephemeral { get; init; }
    public IReadOnlyList<RunnerLabel> Labels { get; init; } = [];
}

/// <summary>A runner's label: <see cref="Type"/> <c>read-only</c> (given by the runner: <c>self-hosted</c>, its OS and
/// architecture) or <c>custom</c>.</summary>
public sealed record RunnerLabel
{
    public long? Id { get; init; }
    public string Name { get; init; } = "";
    public string? Type { get; init; }
}

/// <summary>GitHub's page of runners: <c>{"total_count": n, "runners": [...]}</c>.</summary>
public sealed record RunnerList
{
    public int TotalCount { get; init; }
    public IReadOnlyList<Runner> Runners { get; init; } = [];
}
