namespace GitHub.Simulator.Model;

public sealed class RepositoryDefinition
{
    /// <summary>A user or organisation login.</summary>
    public string Owner { get; set; } = "";

    public string Name { get; set; } = "";

    public long Id { get; set; }

    public bool Private { get; set; }

    public string? Description { get; set; }

    public string DefaultBranch { get; set; } = "main";

    public List<string> Branches { get; set; } = [];

    public List<string> Topics { get; set; } = [];

    /// <summary>User login to <c>pull</c>, <c>triage</c>, <c>push</c>, <c>maintain</c> or <c>admin</c>. A user owner is always admin.</summary>
    public Dictionary<string, string> Permissions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public List<WorkflowDefinition> Workflows { get; set; } = [];

    /// <summary>Self-hosted runners registered to the repository (their list needs admin rights on it).</summary>
    public List<RunnerDefinition> Runners { get; set; } = [];
}
