namespace GitHubProxy.Api.Model;

public sealed record WorkflowView(long Id, string Name, string Path, string? State, string? HtmlUrl);
