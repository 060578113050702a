namespace ActionsDashboard.GitHub.Models;

/// <summary>A team as <c>GET /user/teams</c> lists it (the fields read here).</summary>
public sealed record Team
{
    public long Id { get; init; }
    public string Slug { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public string? HtmlUrl { get; init; }
    public OrganizationRef? Organization { get; init; }
}
