namespace GitHubProxy.Api.Model;

/// <summary>One UTC day of a workflow's runs (by creation time); every day of the window is present, empty ones with zeros.</summary>
public sealed record DailyRuns(DateOnly Date, int Successes, int Failures, int Cancellations, double? P50DurationSeconds);
