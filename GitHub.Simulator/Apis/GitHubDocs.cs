namespace GitHub.Simulator.Apis;

/// <summary>Documentation links GitHub puts in its error bodies.</summary>
public static class GitHubDocs
{
    public const string Rest = "https://docs.github.com/rest";
    public const string RateLimits = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";
    public const string SecondaryRateLimits = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";
    public const string WorkflowRuns = "https://docs.github.com/rest/actions/workflow-runs";
    public const string WorkflowJobs = "https://docs.github.com/rest/actions/workflow-jobs";
    public const string JobLogs = "https://docs.github.com/rest/actions/workflow-jobs#download-job-logs-for-a-workflow-run";
    public const string CheckRuns = "https://docs.github.com/rest/checks/runs#list-check-run-annotations";
    public const string Workflows = "https://docs.github.com/rest/actions/workflows";
    public const string Users = "https://docs.github.com/rest/users/users#get-the-authenticated-user";
    public const string Repos = "https://docs.github.com/rest/repos/repos";
    public const string Installations = "https://docs.github.com/rest/apps/installations";
    public const string Apps = "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app";
}
