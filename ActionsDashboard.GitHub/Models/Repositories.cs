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

/// <summary>The caller's role on a repository. <c>maintain</c> and <c>triage</c> are missing on some responses.</summary>
public sealed record RepositoryPermissions
{
    public bool Admin { get; init; }
    public bool Push { get; init; }
    public bool Pull { get; init; }
    public bool? Maintain { get; init; }
    public bool? Triage { get; init; }
}

/// <summary>The short repository form in installation webhooks.</summary>
public sealed record RepositoryRef
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string FullName { get; init; } = "";
    public bool Private { get; init; }
}
