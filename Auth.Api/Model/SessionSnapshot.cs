namespace Auth.Api.Model;

/// <summary>What a request needs to know about a session, cached in Redis; deliberately without any token.</summary>
public sealed record SessionSnapshot
{
    public required string SessionHash { get; init; }

    public long UserId { get; init; }

    public required string Login { get; init; }

    public string? Name { get; init; }

    public string? AvatarUrl { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastSeenAt { get; init; }

    public DateTimeOffset IdleExpiresAt { get; init; }

    public DateTimeOffset AbsoluteExpiresAt { get; init; }

    public DateTimeOffset ExpiresAt => IdleExpiresAt < AbsoluteExpiresAt ? IdleExpiresAt : AbsoluteExpiresAt;

    public static SessionSnapshot From(Session session, User user) => new()
    {
        SessionHash = session.IdHash,
        UserId = user.Id,
        Login = user.Login,
        Name = user.Name,
        AvatarUrl = user.AvatarUrl,
        CreatedAt = session.CreatedAt,
        LastSeenAt = session.LastSeenAt,
        IdleExpiresAt = session.IdleExpiresAt,
        AbsoluteExpiresAt = session.AbsoluteExpiresAt,
    };
}
