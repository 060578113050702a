namespace GitHubProxy.Api.Model;

/// <summary>
/// A failed run asked about (<see cref="RunId"/>) and the failure streak it ends on its workflow and branch:
/// <see cref="Since"/> is the streak's oldest run, as in a workflow's <c>failingSince</c>.
/// </summary>
public sealed record FailingRun(long RunId, FailureStreak Since);
