namespace Realtime.Hub.Model;

// The compact messages of docs/contracts.md ("Realtime.Hub"): camelCase JSON, absent values null (never omitted),
// times in UTC. The same objects go to SignalR clients (method = event name) and to /events (data: line).

/// <summary>The names clients see: SignalR method names and <c>event:</c> on <c>/events</c>.</summary>
public static class LiveEventNames
{
    public const string Run = "run";
    public const string Job = "job";
    public const string Push = "push";
    public const string PullRequest = "pullRequest";
    public const string SubscriptionsChanged = "subscriptionsChanged";

    /// <summary>SignalR only: a resume by <c>lastEventId</c> could not be answered; reload (the <c>/events</c> stream says
    /// <c>: resume-gap</c> instead).</summary>
    public const string ResumeGap = "resumeGap";
}
