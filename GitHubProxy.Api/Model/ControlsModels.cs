using GitHubProxy.Api.Services;

namespace GitHubProxy.Api.Model;

/// <summary>What the "Run workflow" form is built from: the workflow file at <see cref="Ref"/> and its declared inputs.</summary>
public sealed record DispatchFormResponse(long WorkflowId, string Path, string Ref, bool Dispatchable, IReadOnlyList<DispatchInput> Inputs, bool CanDispatch);

/// <summary>The body of a dispatch: the branch or tag, and input values (strings, booleans or numbers).</summary>
public sealed record DispatchRequest(string? Ref, Dictionary<string, System.Text.Json.JsonElement>? Inputs);

/// <summary>An environment the run waits for, and who may approve it.</summary>
public sealed record PendingDeploymentView(long EnvironmentId, string Environment, string? EnvironmentUrl, int WaitTimer,
    DateTimeOffset? WaitTimerStartedAt, bool CurrentUserCanApprove, IReadOnlyList<string> Reviewers);

public sealed record PendingDeploymentsResponse(IReadOnlyList<PendingDeploymentView> Deployments);

/// <summary>The body of a review: which waiting environments, <c>approved</c> or <c>rejected</c>, and a comment.</summary>
public sealed record ReviewRequest(long[]? EnvironmentIds, string? State, string? Comment);
