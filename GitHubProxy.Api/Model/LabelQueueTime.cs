namespace GitHubProxy.Api.Model;

/// <summary>How long jobs asking for a runner label waited (job created → started); a job with several labels counts under each.</summary>
public sealed record LabelQueueTime(string Label, int Jobs, double? P50Seconds, double? P95Seconds);
