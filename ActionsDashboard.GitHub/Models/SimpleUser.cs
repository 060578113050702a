namespace ActionsDashboard.GitHub.Models;

/// <summary>A user or organisation as GitHub embeds it in other objects (actor, owner, sender).</summary>
public sealed record SimpleUser
{
    public long Id { get; init; }
    public string Login { get; init; } = "";
    public string? AvatarUrl { get; init; }
    public string? HtmlUrl { get; init; }
    /// <summary><c>User</c>, <c>Organization</c> or <c>Bot</c>.</summary>
    public string? Type { get; init; }
}
