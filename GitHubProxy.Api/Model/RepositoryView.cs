namespace GitHubProxy.Api.Model;

public sealed record RepositoryView
{
    public long Id { get; init; }
    public string Owner { get; init; } = "";
    public string Name { get; init; } = "";
    public string FullName { get; init; } = "";
    public bool Private { get; init; }
    public string DefaultBranch { get; init; } = "main";
    public string HtmlUrl { get; init; } = "";
    public string? OwnerAvatarUrl { get; init; }
    public string OwnerType { get; init; } = "User";
    public bool CanRerun { get; init; }
    public bool CanCancel { get; init; }
}
