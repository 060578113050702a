namespace GitHub.Simulator.Model;

/// <summary>A user or an organisation.</summary>
public sealed class Account
{
    public required long Id { get; init; }

    public required string Login { get; init; }

    public required bool IsOrganization { get; init; }

    public string Type => IsOrganization ? "Organization" : "User";

    public string Name { get; init; } = "";

    public string Email { get; init; } = "";

    public string Company { get; init; } = "";

    public string Location { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }
}
