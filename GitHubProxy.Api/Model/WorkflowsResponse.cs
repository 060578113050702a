namespace GitHubProxy.Api.Model;

public sealed record WorkflowsResponse(IReadOnlyList<WorkflowView> Workflows, bool Stale, DateTimeOffset FetchedAt);
