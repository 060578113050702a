namespace GitHub.Simulator.Model;

public sealed class WorkflowDefinition
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Path { get; set; } = "";

    /// <summary>Jobs run one after the other; unset: <c>build</c> and <c>test</c>. "Set up job" and "Complete job" steps are added.</summary>
    public List<JobDefinition> Jobs { get; set; } = [];

    /// <summary>
    /// The workflow file's YAML, served by the contents API at every branch; unset: one made from the jobs, triggered by
    /// <c>push</c> and <c>pull_request</c>. Its <c>on: workflow_dispatch</c> inputs are what a dispatch is checked against.
    /// </summary>
    public string? Content { get; set; }

    /// <summary>The environment its jobs deploy to; with reviewers, dispatched and scenario runs wait for an approval.</summary>
    public EnvironmentDefinition? Environment { get; set; }
}
