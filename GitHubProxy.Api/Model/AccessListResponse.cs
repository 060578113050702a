namespace GitHubProxy.Api.Model;

public sealed record AccessListResponse(long UserId, IReadOnlyList<string> Repositories, IReadOnlyList<string> Selected, DateTimeOffset RefreshedAt);
