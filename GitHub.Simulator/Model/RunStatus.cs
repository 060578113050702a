namespace GitHub.Simulator.Model;

public static class RunStatus
{
    public const string Queued = "queued";
    /// <summary>Waiting for an environment's protection rule (a required reviewer).</summary>
    public const string Waiting = "waiting";
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
}
