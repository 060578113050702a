namespace GitHubProxy.Api.Services;

/// <summary>What GitHub last said about a token's hourly budget, and until when it asked us to stop (retry-after).</summary>
public sealed record BudgetState(int Limit, int Remaining, int Used, DateTimeOffset ResetAt, string? Resource, DateTimeOffset? BlockedUntil);
