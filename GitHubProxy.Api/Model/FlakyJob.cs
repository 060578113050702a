namespace GitHubProxy.Api.Model;

/// <summary>
/// A job that both passed and failed on the same commit (same repository, workflow, job name and head SHA, across attempts
/// or runs). <see cref="Commits"/>: head SHAs on which the job passed or failed at least once; <see cref="FlakeRate"/> =
/// <see cref="FlakyCommits"/> / <see cref="Commits"/>; <see cref="LastFlakeAt"/>: the latest completion of a job on a flaky commit.
/// </summary>
public sealed record FlakyJob(
    string Repository, long WorkflowId, string WorkflowName, string JobName, int FlakyCommits, int Commits, double FlakeRate, DateTimeOffset? LastFlakeAt);
