namespace GitHub.Simulator.Model;

/// <summary>
/// A repository's self-hosted runner. Whether it is busy is not stored: a runner is busy while an in-progress job of its
/// repository that asks for <c>self-hosted</c> is assigned to it (<see cref="World.BusyRunners"/>).
/// </summary>
public sealed class SelfHostedRunner
{
    public required long Id { get; init; }

    public required string Name { get; init; }

    /// <summary><c>linux</c>, <c>macos</c> or <c>windows</c>, as GitHub's <c>os</c> field has it.</summary>
    public required string Os { get; init; }

    /// <summary>Settable through the control API: a runner goes offline and comes back.</summary>
    public bool Online { get; set; } = true;

    public IReadOnlyList<string> CustomLabels { get; init; } = [];

    /// <summary>The labels GitHub gives every self-hosted runner: <c>self-hosted</c>, the OS and the architecture.</summary>
    public IReadOnlyList<string> ReadOnlyLabels => ["self-hosted", Os switch { "macos" => "macOS", "windows" => "Windows", _ => "Linux" }, "X64"];

    /// <summary>Whether a job's <c>runs-on</c> labels can run here: each is one of the runner's (case-insensitive, as GitHub matches).</summary>
    public bool Accepts(IReadOnlyList<string> jobLabels) =>
        jobLabels.All(label => ReadOnlyLabels.Concat(CustomLabels).Contains(label, StringComparer.OrdinalIgnoreCase));
}
