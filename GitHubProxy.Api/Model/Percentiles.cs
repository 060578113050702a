namespace GitHubProxy.Api.Model;

/// <summary>Continuous percentiles (PostgreSQL's <c>percentile_cont</c>) of durations in seconds, over <see cref="Count"/> values; null without any.</summary>
public sealed record Percentiles(int Count, double? P50Seconds, double? P95Seconds);
