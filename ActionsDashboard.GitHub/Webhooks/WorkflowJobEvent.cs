using ActionsDashboard.GitHub.Models;

namespace ActionsDashboard.GitHub.Webhooks;

/// <summary><c>workflow_job</c>: queued, waiting, in_progress, completed.</summary>
/// <remarks><c>action: queued</c> can carry <c>workflow_job.status: waiting</c> (deployment protection rules).</remarks>
public sealed class WorkflowJobEvent : WebhookEvent
{
    public override string EventName => WebhookEventNames.WorkflowJob;

    public WorkflowJob WorkflowJob { get; init; } = null!;

    /// <summary>Set when the job targets an environment.</summary>
    public WebhookDeployment? Deployment { get; init; }
}
