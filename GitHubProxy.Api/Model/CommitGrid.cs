namespace GitHubProxy.Api.Model;

/// <summary>
/// <c>GET /api/repos/{owner}/{repo}/commits</c>: the latest <see cref="Commits"/> (head SHAs) with runs on <see cref="Branch"/>,
/// newest first, and for each the latest run of every workflow that ran on it; <see cref="Workflows"/> are the grid's
/// columns (every workflow with a run on one of these commits, by name).
/// </summary>
public sealed record CommitGrid(
    string Repository, string Branch, int Limit, IReadOnlyList<WorkflowColumn> Workflows, IReadOnlyList<CommitRow> Commits, DateTimeOffset GeneratedAt);
