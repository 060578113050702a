namespace GitHubProxy.Api.Model;

/// <summary>
/// <c>GET /api/runners</c>: runner queues from the read model's jobs over the user's dashboard repositories (selected and
/// followed): what waits now per <c>runs-on</c> label, and the wait (job created → started) per label over the window.
/// </summary>
public sealed record RunnerQueues(
    int Days, DateTimeOffset Since, IReadOnlyList<string> Repositories, IReadOnlyList<WaitingLabel> Waiting, IReadOnlyList<LabelWaits> Labels,
    DateTimeOffset GeneratedAt)
{
    /// <summary>
    /// The self-hosted runners of each dashboard repository whose jobs asked for <c>self-hosted</c> in the window, as
    /// GitHub shows them to the user (it lists a repository's runners to its admins only).
    /// </summary>
    public IReadOnlyList<RepositoryRunners> SelfHosted { get; init; } = [];
}

/// <summary>
/// A repository's self-hosted runners. <see cref="Visible"/> false: GitHub did not list them for this user (not an admin
/// of the repository, or the token lacks the permission) or could not be asked; <see cref="Note"/> says which.
/// </summary>
public sealed record RepositoryRunners(string Repository, bool Visible, string? Note, bool Stale, IReadOnlyList<RunnerView> Runners);

/// <summary>A self-hosted runner: <see cref="State"/> is <c>busy</c>, <c>idle</c> or <c>offline</c>.</summary>
public sealed record RunnerView(long Id, string Name, string Os, string State, IReadOnlyList<string> Labels);

/// <summary>Jobs of a label queued or waiting now (created in the window), and since when the oldest of them waits.</summary>
public sealed record WaitingLabel(string Label, int Jobs, DateTimeOffset OldestCreatedAt, double OldestWaitSeconds);

/// <summary>A label's wait percentiles over the window, and per day (UTC; days without a started job are absent).</summary>
public sealed record LabelWaits(string Label, int Jobs, double? P50Seconds, double? P95Seconds, IReadOnlyList<DailyWait> Daily);

public sealed record DailyWait(DateOnly Date, int Jobs, double? P50Seconds, double? P95Seconds);

/// <summary>GitHub's answer for a repository's runners, as cached: <see cref="Listed"/> false when it refused to list them.</summary>
public sealed record RunnersAnswer(bool Listed, RunnerView[] Runners);
