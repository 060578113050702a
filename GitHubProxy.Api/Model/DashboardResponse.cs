namespace GitHubProxy.Api.Model;

public sealed record DashboardResponse(IReadOnlyList<DashboardRepository> Repositories, DateTimeOffset GeneratedAt);

/// <summary>The dashboard and its ETag (null when some repository is read from GitHub); no response when the ETag matched.</summary>
public sealed record DashboardAnswer(DashboardResponse? Response, string? ETag);
