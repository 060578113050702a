namespace GitHubProxy.Api.Model;

/// <summary>A workflow's run durations (started, or else created → last update) over its passed and failed runs.</summary>
public sealed record WorkflowDurations(string Repository, long WorkflowId, string WorkflowName, int Runs, double? P50Seconds, double? P95Seconds);
