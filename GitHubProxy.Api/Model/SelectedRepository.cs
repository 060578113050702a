namespace GitHubProxy.Api.Model;

public sealed record SelectedRepository(string? FullName, string? Category);
