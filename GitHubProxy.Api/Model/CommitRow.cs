namespace GitHubProxy.Api.Model;

/// <summary>
/// A commit of the grid: the message and actor of its first run on the branch (the read model keeps the run's triggering
/// actor, not the commit's author), <see cref="PushedAt"/> = that run's creation; <see cref="Runs"/>: the latest run (its
/// latest attempt) of each workflow that ran on it.
/// </summary>
public sealed record CommitRow(string HeadSha, string? Message, Actor? Actor, DateTimeOffset PushedAt, IReadOnlyList<CommitRun> Runs);
