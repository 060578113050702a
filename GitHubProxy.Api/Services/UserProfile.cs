namespace GitHubProxy.Api.Services;

public sealed record UserProfile(long Id, string Login, string? Name, string? AvatarUrl, string? HtmlUrl);
