namespace ActionsDashboard.GitHub.Models;

/// <summary>The head commit of a run or a push.</summary>
public sealed record CommitSummary
{
    public string Id { get; init; } = "";
    public string? TreeId { get; init; }
    public string Message { get; init; } = "";
    public DateTimeOffset? Timestamp { get; init; }
    public CommitPerson? Author { get; init; }
    public CommitPerson? Committer { get; init; }
}
