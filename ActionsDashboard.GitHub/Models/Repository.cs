namespace ActionsDashboard.GitHub.Models;

/// <summary>A repository from <c>/user/repos</c>, an installation's repositories, a run or a webhook.</summary>
public sealed record Repository
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string FullName { get; init; } = "";
    public SimpleUser? Owner { get; init; }
    public bool Private { get; init; }
    public string? Visibility { get; init; }
    public string? DefaultBranch { get; init; }
    public bool Archived { get; init; }
    public bool Disabled { get; init; }
    public bool Fork { get; init; }
    public string? HtmlUrl { get; init; }
    /// <summary>Present only when the request was made with a user token.</summary>
    public RepositoryPermissions? Permissions { get; init; }
}
