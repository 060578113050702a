namespace ActionsDashboard.GitHub.Models;

/// <summary>The caller's role on a repository. <c>maintain</c> and <c>triage</c> are missing on some responses.</summary>
public sealed record RepositoryPermissions
{
    public bool Admin { get; init; }
    public bool Push { get; init; }
    public bool Pull { get; init; }
    public bool? Maintain { get; init; }
    public bool? Triage { get; init; }
}
