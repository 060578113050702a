namespace ActionsDashboard.GitHub.Models;

/// <summary>A workflow file of a repository.</summary>
public sealed record Workflow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Path { get; init; } = "";
    /// <summary><c>active</c>, <c>disabled_manually</c>, <c>disabled_inactivity</c>, ...</summary>
    public string? State { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public string? HtmlUrl { get; init; }
    public string? BadgeUrl { get; init; }
}
