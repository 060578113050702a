namespace GitHubProxy.Api.Services;

public sealed record RunsPage(IReadOnlyList<Run> Runs, int TotalCount);
