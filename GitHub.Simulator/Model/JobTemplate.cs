namespace GitHub.Simulator.Model;

/// <summary>
/// A job of a workflow file: its name, its steps between "Set up job" and "Complete job", its <c>runs-on</c> labels and
/// how often its first attempt flakes (<see cref="JobDefinition.FlakyRate"/>).
/// </summary>
public sealed record JobTemplate(string Name, IReadOnlyList<string> Steps)
{
    public static readonly IReadOnlyList<string> DefaultLabels = ["ubuntu-latest"];

    public IReadOnlyList<string> Labels { get; init; } = DefaultLabels;

    public double FlakyRate { get; init; }
}
