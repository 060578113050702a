namespace GitHub.Simulator.Model;

public sealed class WorkflowDefinition
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Path { get; set; } = "";

    /// <summary>Jobs run one after the other; unset: <c>build</c> and <c>test</c>. "Set up job" and "Complete job" steps are added.</summary>
    public List<JobDefinition> Jobs { get; set; } = [];
}
