using ActionsDashboard.IntegrationEvents;

namespace Alerts.Api.FunctionalTests.Infrastructure;

/// <summary>Run and job events as Webhooks.Api publishes them.</summary>
public static class Runs
{
    public static WorkflowRunChanged Completed(long repositoryId, string fullName, long runId, string conclusion, string branch = "main", int attempt = 1,
        string? defaultBranch = "main", long workflowId = 7, string workflowName = "CI") => new()
    {
        DeliveryId = Guid.NewGuid().ToString(),
        Action = "completed",
        Repository = Repository(repositoryId, fullName),
        RunId = runId,
        RunAttempt = attempt,
        RunNumber = runId % 1000,
        WorkflowId = workflowId,
        Name = workflowName,
        WorkflowName = workflowName,
        WorkflowPath = ".github/workflows/ci.yml",
        Event = "push",
        HeadBranch = branch,
        DefaultBranch = defaultBranch,
        HeadSha = "0123456789abcdef0123456789abcdef01234567",
        Actor = "octocat",
        Status = "completed",
        Conclusion = conclusion,
        CreatedAt = DateTimeOffset.UtcNow,
        StartedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
        HtmlUrl = $"https://github.com/{fullName}/actions/runs/{runId}",
    };

    public static WorkflowRunChanged WithStatus(WorkflowRunChanged run, string status, DateTimeOffset at) =>
        run with { Id = Guid.NewGuid(), Status = status, Action = status == "queued" ? "requested" : status, Conclusion = null, StartedAt = at, CreatedAt = at };

    public static RepositoryReference Repository(long id, string fullName) =>
        new(id, fullName, fullName[..fullName.IndexOf('/')], fullName[(fullName.IndexOf('/') + 1)..]);
}
