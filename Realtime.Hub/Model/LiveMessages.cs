using ActionsDashboard.Contracts;

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
}

public sealed record RunMessage(string EventId, string Repository, Run Run);

public sealed record JobMessage(string EventId, string Repository, Job Job);

public sealed record PushMessage(string EventId, string Repository, string? Branch, string HeadSha, string? Message, string? Pusher, string? CompareUrl);

public sealed record PullRequestMessage(
    string EventId, string Repository, long Number, string Action, string Title, string State, string? HeadRef, string? Author, string? HtmlUrl);

public sealed record SubscriptionsChangedMessage(IReadOnlyList<string> Repositories);

/// <summary>What <c>Subscribe</c> and <c>SubscribeSelected</c> answer.</summary>
public sealed record SubscriptionResult(IReadOnlyList<string> Subscribed, IReadOnlyList<string> Refused);
