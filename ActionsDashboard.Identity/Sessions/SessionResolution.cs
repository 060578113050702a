namespace ActionsDashboard.Identity.Sessions;

/// <summary>A live session as the gateway needs it; holds no token.</summary>
public sealed record SessionResolution(string SessionHash, long UserId, string Login, string? Name, string? AvatarUrl, DateTimeOffset ExpiresAt);
