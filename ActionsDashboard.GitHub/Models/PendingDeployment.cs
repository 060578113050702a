namespace ActionsDashboard.GitHub.Models;

/// <summary>An environment a workflow run waits for (<c>GET .../actions/runs/{run_id}/pending_deployments</c>).</summary>
public sealed record PendingDeployment
{
    public PendingDeploymentEnvironment Environment { get; init; } = new();
    /// <summary>Minutes of the environment's wait timer.</summary>
    public int WaitTimer { get; init; }
    public DateTimeOffset? WaitTimerStartedAt { get; init; }
    public bool CurrentUserCanApprove { get; init; }
    public List<PendingDeploymentReviewer> Reviewers { get; init; } = [];
}

public sealed record PendingDeploymentEnvironment
{
    public long Id { get; init; }
    public string? Name { get; init; }
    public string? HtmlUrl { get; init; }
}

/// <summary>A required reviewer: <see cref="Type"/> <c>User</c> or <c>Team</c>; <see cref="Reviewer"/> has a login or a team's name.</summary>
public sealed record PendingDeploymentReviewer
{
    public string? Type { get; init; }
    public PendingDeploymentReviewerAccount? Reviewer { get; init; }
}

public sealed record PendingDeploymentReviewerAccount
{
    public long Id { get; init; }
    public string? Login { get; init; }
    public string? Name { get; init; }
    public string? Slug { get; init; }
    public string? AvatarUrl { get; init; }
    public string? HtmlUrl { get; init; }
}
