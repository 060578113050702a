namespace GitHubProxy.Api.Model;

public sealed record UserResponse(long Id, string Login, string? Name, string? AvatarUrl, string? HtmlUrl, RateLimitView? RateLimit);
