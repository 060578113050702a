namespace GitHub.Simulator.Model;

public static class Conclusion
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Cancelled = "cancelled";
    public const string Skipped = "skipped";
    public const string TimedOut = "timed_out";
    public const string Neutral = "neutral";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Success, Failure, Cancelled, Skipped, TimedOut, Neutral, "action_required", "stale",
    };

    /// <summary>Conclusions that <c>rerun-failed-jobs</c> re-runs.</summary>
    public static bool IsFailed(string? conclusion) => conclusion is Failure or Cancelled or TimedOut;
}
