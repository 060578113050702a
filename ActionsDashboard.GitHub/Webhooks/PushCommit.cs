using ActionsDashboard.GitHub.Models;

namespace ActionsDashboard.GitHub.Webhooks;

public sealed record PushCommit
{
    public string Id { get; init; } = "";
    public string? TreeId { get; init; }
    public string Message { get; init; } = "";
    public DateTimeOffset? Timestamp { get; init; }
    public string? Url { get; init; }
    public bool Distinct { get; init; }
    public CommitPerson? Author { get; init; }
    public CommitPerson? Committer { get; init; }
}
