namespace GitHubProxy.Api.Model;

/// <summary>
/// Runs created in the window. <see cref="Successes"/>: conclusion <c>success</c>; <see cref="Failures"/>: <c>failure</c>,
/// <c>timed_out</c> or <c>startup_failure</c>; <see cref="Cancelled"/>: <c>cancelled</c>. <see cref="SuccessRate"/> is
/// successes / (successes + failures), so cancelled, skipped, neutral and unfinished runs do not count either way; null when
/// there is nothing to divide by.
/// </summary>
public sealed record RunCounts(int Total, int Completed, int Successes, int Failures, int Cancelled, double? SuccessRate);
