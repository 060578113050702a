namespace GitHub.Simulator.Model;

public enum RerunOutcome
{
    Started,
    StillRunning,
    NothingToRerun,
}
