namespace Alerts.Api.Model;

/// <summary>What an alert is about.</summary>
public static class AlertTransitions
{
    /// <summary>A completed run that failed (<see cref="IsFailing"/>).</summary>
    public const string Failure = "failure";

    /// <summary>A successful run after the previous completed run of the same workflow and branch failed.</summary>
    public const string Recovery = "recovery";

    /// <summary>A run or job still queued a rule's <c>queuedMinutes</c> after it was queued.</summary>
    public const string Queued = "queued";

    /// <summary>The owner's "Send test".</summary>
    public const string Test = "test";

    /// <summary>What a rule may ask for.</summary>
    public static readonly string[] All = [Failure, Recovery, Queued];

    public static bool IsFailing(string? conclusion) => conclusion is "failure" or "timed_out" or "startup_failure";
}
