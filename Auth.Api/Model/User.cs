namespace Auth.Api.Model;

/// <summary>A person who has signed in, keyed by their GitHub user id (logins can be renamed, ids cannot).</summary>
public sealed class User
{
    public long Id { get; set; }

    public required string Login { get; set; }

    public string? Name { get; set; }

    public string? AvatarUrl { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
