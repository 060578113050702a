namespace GitHub.Simulator.Model;

public static class RunStatus
{
    public const string Queued = "queued";
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
}
