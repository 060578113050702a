using ActionsDashboard.IntegrationEvents;

namespace ActionsDashboard.EventBus.Tests.Infrastructure;

public static class SampleEvents
{
    public static WorkflowRunChanged Run(long runId = 30433642) => new()
    {
        DeliveryId = Guid.NewGuid().ToString(),
        Action = "completed",
        Repository = new RepositoryReference(1296269, "octo-org/octo-repo", "octo-org", "octo-repo"),
        InstallationId = 42,
        RunId = runId,
        RunAttempt = 1,
        RunNumber = 562,
        WorkflowId = 159038,
        Name = "Build",
        WorkflowName = "Build",
        Event = "push",
        HeadBranch = "main",
        HeadSha = "acb5820ced9479c074f688cc328bf03f341a511d",
        CommitMessage = "Create linter.yaml",
        Actor = "octocat",
        Status = "completed",
        Conclusion = "success",
        CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 6, TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(2026, 1, 2, 3, 9, 7, TimeSpan.Zero),
        HtmlUrl = "https://github.com/octo-org/octo-repo/actions/runs/30433642",
        PullRequestNumbers = [7, 9],
    };

    public static string NewExchange() => $"test.events.{Guid.NewGuid():N}";

    public static string NewQueue() => $"test-consumer-{Guid.NewGuid():N}";
}
