namespace GitHubProxy.Api.Model;

/// <summary>A workflow as a column of the commit grid, with the name of its latest run there.</summary>
public sealed record WorkflowColumn(long Id, string Name);
