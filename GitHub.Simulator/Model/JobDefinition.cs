namespace GitHub.Simulator.Model;

public sealed class JobDefinition
{
    public string Name { get; set; } = "";

    public List<string> Steps { get; set; } = [];

    /// <summary>The job's <c>runs-on</c> labels (GitHub's job shape carries them as <c>labels</c>); unset: <c>ubuntu-latest</c>.</summary>
    public List<string> RunsOn { get; set; } = [];

    /// <summary>
    /// Share of first attempts of scenario and history runs in which this job fails although nothing is wrong (a flaky
    /// test): a re-run of the same commit passes. Runs the control API starts never flake.
    /// </summary>
    public double FlakyRate { get; set; }
}
