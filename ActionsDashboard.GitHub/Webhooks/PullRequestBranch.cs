namespace ActionsDashboard.GitHub.Webhooks;

public sealed record PullRequestBranch
{
    public string Ref { get; init; } = "";
    public string Sha { get; init; } = "";
    public string? Label { get; init; }
}
