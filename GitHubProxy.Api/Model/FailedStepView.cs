namespace GitHubProxy.Api.Model;

/// <summary>The first step of a job that failed (or timed out).</summary>
public sealed record FailedStepView(int Number, string Name);
