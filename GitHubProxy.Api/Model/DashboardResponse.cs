namespace GitHubProxy.Api.Model;

public sealed record DashboardResponse(IReadOnlyList<DashboardRepository> Repositories, DateTimeOffset GeneratedAt);
