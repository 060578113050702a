namespace ActionsDashboard.GitHub.Models;

public sealed record CommitPerson
{
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Username { get; init; }
}
