namespace ActionsDashboard.GitHub.Models;

/// <summary>The short repository form in installation webhooks.</summary>
public sealed record RepositoryRef
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string FullName { get; init; } = "";
    public bool Private { get; init; }
}
