namespace Auth.Api.Model;

/// <summary><c>GET /auth/session</c>: who is signed in, until when, and the CSRF token for unsafe requests.</summary>
public sealed record SessionResponse(long UserId, string Login, string? Name, string? AvatarUrl, DateTimeOffset ExpiresAt, string CsrfToken);
