namespace GitHubProxy.Api.Model;

public sealed record RepositoriesResponse(IReadOnlyList<RepositoryView> Repositories, bool Stale, DateTimeOffset FetchedAt);
