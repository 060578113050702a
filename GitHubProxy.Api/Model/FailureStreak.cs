namespace GitHubProxy.Api.Model;

/// <summary>
/// The latest completed run on <see cref="Branch"/> failed: the oldest run of the unbroken failure streak it ends (cancelled
/// and skipped runs neither break nor extend it), and how many failed runs the streak holds. The read model keeps 30 days,
/// so a streak older than that starts at the oldest run kept.
/// </summary>
public sealed record FailureStreak(string Branch, long RunId, long RunNumber, string HeadSha, DateTimeOffset CreatedAt, int FailedRuns);
