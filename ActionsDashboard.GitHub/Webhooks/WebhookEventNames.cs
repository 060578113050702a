namespace ActionsDashboard.GitHub.Webhooks;

public static class WebhookEventNames
{
    public const string WorkflowRun = "workflow_run";
    public const string WorkflowJob = "workflow_job";
    public const string Push = "push";
    public const string PullRequest = "pull_request";
    public const string Ping = "ping";
    public const string Installation = "installation";
    public const string InstallationRepositories = "installation_repositories";

    public static IReadOnlyList<string> Handled { get; } =
        [WorkflowRun, WorkflowJob, Push, PullRequest, Ping, Installation, InstallationRepositories];
}
