namespace GitHub.Simulator.Model;

/// <summary>
/// A deployment environment a workflow's jobs reference, with required reviewers: a run waits (<c>status: waiting</c>)
/// until one of them approves, or fails when one rejects.
/// </summary>
public sealed class EnvironmentDefinition
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Logins of the required reviewers (GitHub allows up to six users or teams).</summary>
    public List<string> Reviewers { get; set; } = [];

    /// <summary>Minutes of the wait timer (0: none).</summary>
    public int WaitTimer { get; set; }
}
