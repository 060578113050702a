namespace GitHubProxy.Api.Model;

/// <summary>A pull request of the job's run, with its page on GitHub.</summary>
public sealed record PullRequestLink(long Number, string HtmlUrl);
