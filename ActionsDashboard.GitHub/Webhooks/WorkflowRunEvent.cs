using System.Text.Json.Serialization;
using ActionsDashboard.GitHub.Models;

namespace ActionsDashboard.GitHub.Webhooks;

/// <summary><c>workflow_run</c>: requested, in_progress, completed.</summary>
/// <remarks>
/// <c>action</c> is what happened, <c>workflow_run.status</c> is the run's state; they need not agree (a
/// <c>requested</c> delivery can carry <c>status: completed</c>), so both are kept.
/// </remarks>
public sealed class WorkflowRunEvent : WebhookEvent
{
    public override string EventName => WebhookEventNames.WorkflowRun;

    public WorkflowRun WorkflowRun { get; init; } = null!;

    public Workflow? Workflow { get; init; }

    /// <summary>The run's name, falling back to the workflow's name, then to the display title.</summary>
    [JsonIgnore]
    public string RunDisplayName => WorkflowRun.GetDisplayName(Workflow?.Name);
}
