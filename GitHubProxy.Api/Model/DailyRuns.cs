namespace GitHubProxy.Api.Model;

/// <summary>
/// One UTC day of a workflow's runs (by creation time); every day of the window is present, empty ones with zeros and nulls.
/// <see cref="P50QueueSeconds"/>: the median queue time of the jobs of that day's runs.
/// </summary>
public sealed record DailyRuns(DateOnly Date, int Successes, int Failures, int Cancellations, double? P50DurationSeconds, double? P50QueueSeconds);
