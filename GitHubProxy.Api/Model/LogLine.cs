namespace GitHubProxy.Api.Model;

/// <summary>One line of a job's log: GitHub's timestamp (null on a line that had none) apart from the text.</summary>
public sealed record LogLine(DateTimeOffset? Time, string Text);
