namespace GitHubProxy.Api.Model;

/// <summary>
/// <c>GET /api/runners</c>: runner queues from the read model's jobs over the user's dashboard repositories (selected and
/// followed): what waits now per <c>runs-on</c> label, and the wait (job created → started) per label over the window.
/// </summary>
public sealed record RunnerQueues(
    int Days, DateTimeOffset Since, IReadOnlyList<string> Repositories, IReadOnlyList<WaitingLabel> Waiting, IReadOnlyList<LabelWaits> Labels,
    DateTimeOffset GeneratedAt);

/// <summary>Jobs of a label queued or waiting now (created in the window), and since when the oldest of them waits.</summary>
public sealed record WaitingLabel(string Label, int Jobs, DateTimeOffset OldestCreatedAt, double OldestWaitSeconds);

/// <summary>A label's wait percentiles over the window, and per day (UTC; days without a started job are absent).</summary>
public sealed record LabelWaits(string Label, int Jobs, double? P50Seconds, double? P95Seconds, IReadOnlyList<DailyWait> Daily);

public sealed record DailyWait(DateOnly Date, int Jobs, double? P50Seconds, double? P95Seconds);
