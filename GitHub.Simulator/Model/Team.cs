namespace GitHub.Simulator.Model;

/// <summary>An organisation's team and its members (logins). Read and changed only while <see cref="World.Sync"/> is held.</summary>
public sealed class Team
{
    public required long Id { get; init; }

    public required Account Organization { get; init; }

    public required string Slug { get; init; }

    public required string Name { get; init; }

    public string Description { get; init; } = "";

    /// <summary><c>closed</c> (visible to the organisation's members) or <c>secret</c>.</summary>
    public string Privacy { get; init; } = "closed";

    public DateTimeOffset CreatedAt { get; init; }

    public HashSet<string> Members { get; } = new(StringComparer.OrdinalIgnoreCase);
}
