namespace GitHubProxy.Api.Model;

/// <summary>One cell of the commit grid: a workflow's latest run on the commit, as of its latest attempt.</summary>
public sealed record CommitRun(long WorkflowId, long RunId, long RunNumber, int RunAttempt, string Status, string? Conclusion, DateTimeOffset CreatedAt, string HtmlUrl);
