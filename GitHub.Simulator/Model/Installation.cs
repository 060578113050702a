namespace GitHub.Simulator.Model;

public sealed class Installation
{
    public required long Id { get; init; }

    public required Account Account { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string RepositorySelection => "all";
}
