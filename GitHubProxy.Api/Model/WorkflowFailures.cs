namespace GitHubProxy.Api.Model;

/// <summary>A workflow with failed runs: <see cref="FailureRate"/> = failures / (successes + failures), as in <see cref="RunCounts"/>.</summary>
public sealed record WorkflowFailures(string Repository, long WorkflowId, string WorkflowName, int Runs, int Failures, double FailureRate);
