namespace GitHub.Simulator.Model;

public sealed class Workflow
{
    public required long Id { get; init; }

    public required Repository Repository { get; init; }

    public required string Name { get; init; }

    public required string Path { get; init; }

    public string State { get; init; } = "active";

    public required IReadOnlyList<JobTemplate> Jobs { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public int LastRunNumber { get; set; }

    /// <summary>The workflow file's YAML (the same at every branch).</summary>
    public required string Content { get; set; }

    /// <summary>The protected environment its runs wait for, if any.</summary>
    public DeploymentEnvironment? Environment { get; init; }

    /// <summary>The file name (<c>ci.yml</c>), which the REST API accepts in place of the id.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);
}
