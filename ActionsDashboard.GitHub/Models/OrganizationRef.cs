namespace ActionsDashboard.GitHub.Models;

/// <summary>An organisation as webhook payloads embed it.</summary>
public sealed record OrganizationRef
{
    public long Id { get; init; }
    public string Login { get; init; } = "";
    public string? AvatarUrl { get; init; }
}
