namespace GitHubProxy.Api.Model;

/// <summary>A job (by name) of a workflow: how long its completed, not skipped or cancelled, attempts ran (started → completed).</summary>
public sealed record JobDurations(string Name, int Count, double? P50Seconds, double? P95Seconds);
