namespace GitHubProxy.Api.Model;

public sealed record JobsResponse(IReadOnlyList<Job> Jobs, bool Stale, DateTimeOffset FetchedAt);
