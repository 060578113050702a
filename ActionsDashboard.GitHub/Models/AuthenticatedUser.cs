namespace ActionsDashboard.GitHub.Models;

/// <summary><c>GET /user</c>.</summary>
public sealed record AuthenticatedUser
{
    public long Id { get; init; }
    public string Login { get; init; } = "";
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? AvatarUrl { get; init; }
    public string? HtmlUrl { get; init; }
    public string? Type { get; init; }
}
