namespace GitHubProxy.Api.Services;

public sealed record CacheEntry<T>(T Value, string? ETag, DateTimeOffset FetchedAt);
