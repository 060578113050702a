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

/// <summary>An organisation as webhook payloads embed it.</summary>
public sealed record OrganizationRef
{
    public long Id { get; init; }
    public string Login { get; init; } = "";
    public string? AvatarUrl { get; init; }
}
