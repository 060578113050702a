namespace GitHub.Simulator.Model;

public enum RerunScope
{
    AllJobs,
    FailedJobs,
    SingleJob,
}
