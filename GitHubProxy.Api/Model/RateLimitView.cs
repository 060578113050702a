namespace GitHubProxy.Api.Model;

public sealed record RateLimitView(int Limit, int Remaining, int Used, DateTimeOffset ResetAt, string? Resource);
