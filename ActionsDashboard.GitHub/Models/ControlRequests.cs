namespace ActionsDashboard.GitHub.Models;

/// <summary>The body of <c>POST .../actions/workflows/{workflow_id}/dispatches</c>.</summary>
public sealed record WorkflowDispatchRequest
{
    public string Ref { get; init; } = "";
    public Dictionary<string, string>? Inputs { get; init; }
}

/// <summary>The body of <c>POST .../actions/runs/{run_id}/pending_deployments</c>: <c>approved</c> or <c>rejected</c>.</summary>
public sealed record PendingDeploymentReview
{
    public List<long> EnvironmentIds { get; init; } = [];
    public string State { get; init; } = "";
    public string Comment { get; init; } = "";
}
