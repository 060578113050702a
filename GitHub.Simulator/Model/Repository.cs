namespace GitHub.Simulator.Model;

public sealed class Repository
{
    public required long Id { get; init; }

    public required Account Owner { get; init; }

    /// <summary>Settable: a rename keeps the repository (its id, runs and roles), as GitHub's does.</summary>
    public required string Name { get; set; }

    public bool Private { get; init; }

    public string Description { get; init; } = "";

    public string DefaultBranch { get; init; } = "main";

    public IReadOnlyList<string> Branches { get; init; } = [];

    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>Explicit roles by user login (case-insensitive).</summary>
    public Dictionary<string, RepositoryRole> Roles { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<Workflow> Workflows { get; } = [];

    /// <summary>Self-hosted runners registered to the repository.</summary>
    public List<SelfHostedRunner> Runners { get; } = [];

    /// <summary>Every run of the repository, oldest first.</summary>
    public List<WorkflowRun> Runs { get; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset PushedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string FullName => $"{Owner.Login}/{Name}";

    public string Visibility => Private ? "private" : "public";
}
