namespace GitHubProxy.Api.Model;

/// <summary><c>GET /api/insights/failing-since</c>: the streaks of the asked runs that failed (others are left out).</summary>
public sealed record FailingRunsResponse(IReadOnlyList<FailingRun> Runs);
