namespace GitHubProxy.Api.Services;

/// <summary>A value from the cache: <see cref="Stale"/> when GitHub could not be asked and this is the last good answer.</summary>
public sealed record Cached<T>(T Value, bool Stale, DateTimeOffset FetchedAt);
