using ActionsDashboard.IntegrationEvents;

namespace ActionsDashboard.TestInfrastructure;

/// <summary>Integration events as Webhooks.Api publishes them, for tests that feed a consumer directly; vary one with <c>with</c>.</summary>
public static class TestEvents
{
    /// <summary>
    /// A push run of workflow 161335 (<c>CI</c>) on <c>main</c>, created 3 minutes and started 2 minutes before
    /// <paramref name="updatedAt"/> (default: now); a completed run succeeded.
    /// </summary>
    public static WorkflowRunChanged WorkflowRun(RepositoryReference repository, long runId, string status = "completed", DateTimeOffset? updatedAt = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var updated = updatedAt ?? DateTimeOffset.UtcNow;
        return new WorkflowRunChanged
        {
            DeliveryId = Guid.NewGuid().ToString(),
            Action = status == "queued" ? "requested" : status,
            Repository = repository,
            RunId = runId,
            RunAttempt = 1,
            RunNumber = runId % 1000,
            WorkflowId = 161335,
            Name = "CI",
            Event = "push",
            HeadBranch = "main",
            HeadSha = "0123456789abcdef0123456789abcdef01234567",
            CommitMessage = "A change",
            Actor = "octocat",
            Status = status,
            Conclusion = status == "completed" ? "success" : null,
            CreatedAt = updated.AddMinutes(-3),
            StartedAt = updated.AddMinutes(-2),
            UpdatedAt = updated,
            HtmlUrl = $"https://github.com/{repository.FullName}/actions/runs/{runId}",
        };
    }
}
