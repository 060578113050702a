namespace GitHubProxy.Api.Model;

public sealed record RunsResponse(IReadOnlyList<Run> Runs, int TotalCount, int Page, int PerPage, bool Stale, DateTimeOffset FetchedAt);
