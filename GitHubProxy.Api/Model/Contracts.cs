namespace GitHubProxy.Api.Model;

// The JSON shapes of docs/contracts.md. Everything is camelCase; absent values are written as null.

public sealed record ActorView(string Login, string? AvatarUrl);

public record RunView
{
    public long Id { get; init; }
    public string Repository { get; init; } = "";
    public long RunNumber { get; init; }
    public int RunAttempt { get; init; }
    public long WorkflowId { get; init; }
    public string WorkflowName { get; init; } = "";
    public string? DisplayTitle { get; init; }
    public string Event { get; init; } = "";
    public string? Branch { get; init; }
    public string HeadSha { get; init; } = "";
    public string? CommitMessage { get; init; }
    public ActorView? Actor { get; init; }
    public string Status { get; init; } = "queued";
    public string? Conclusion { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string HtmlUrl { get; init; } = "";
    public IReadOnlyList<long> PullRequests { get; init; } = [];
}

/// <summary><c>Run &amp; { stale, fetchedAt }</c>.</summary>
public sealed record RunResponse : RunView
{
    public RunResponse(RunView run, bool stale, DateTimeOffset fetchedAt) : base(run)
    {
        Stale = stale;
        FetchedAt = fetchedAt;
    }

    public bool Stale { get; init; }
    public DateTimeOffset FetchedAt { get; init; }
}

public sealed record StepView(int Number, string Name, string Status, string? Conclusion, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt);

public sealed record JobView
{
    public long Id { get; init; }
    public long RunId { get; init; }
    public int RunAttempt { get; init; }
    public string Name { get; init; } = "";
    public string Status { get; init; } = "queued";
    public string? Conclusion { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? RunnerName { get; init; }
    public IReadOnlyList<string> Labels { get; init; } = [];
    public string? HtmlUrl { get; init; }
    public IReadOnlyList<StepView> Steps { get; init; } = [];
}

public sealed record RepositoryView
{
    public long Id { get; init; }
    public string Owner { get; init; } = "";
    public string Name { get; init; } = "";
    public string FullName { get; init; } = "";
    public bool Private { get; init; }
    public string DefaultBranch { get; init; } = "main";
    public string HtmlUrl { get; init; } = "";
    public string? OwnerAvatarUrl { get; init; }
    public string OwnerType { get; init; } = "User";
    public bool CanRerun { get; init; }
    public bool CanCancel { get; init; }
}

public sealed record WorkflowView(long Id, string Name, string Path, string? State, string? HtmlUrl);

public sealed record RateLimitView(int Limit, int Remaining, int Used, DateTimeOffset ResetAt, string? Resource);

public sealed record UserResponse(long Id, string Login, string? Name, string? AvatarUrl, string? HtmlUrl, RateLimitView? RateLimit);

public sealed record RepositoriesResponse(IReadOnlyList<RepositoryView> Repositories, bool Stale, DateTimeOffset FetchedAt);

public sealed record RunsResponse(IReadOnlyList<RunView> Runs, int TotalCount, int Page, int PerPage, bool Stale, DateTimeOffset FetchedAt);

public sealed record JobsResponse(IReadOnlyList<JobView> Jobs, bool Stale, DateTimeOffset FetchedAt);

public sealed record WorkflowsResponse(IReadOnlyList<WorkflowView> Workflows, bool Stale, DateTimeOffset FetchedAt);

public sealed record ActionAccepted(string Status)
{
    public static readonly ActionAccepted Requested = new("requested");
}

public sealed record DashboardRepository
{
    public string FullName { get; init; } = "";
    public string Owner { get; init; } = "";
    public string Name { get; init; } = "";
    public bool Private { get; init; }
    public string DefaultBranch { get; init; } = "main";
    public string HtmlUrl { get; init; } = "";
    public bool CanRerun { get; init; }
    public bool CanCancel { get; init; }
    public string? Category { get; init; }
    public bool Pinned { get; init; }
    public IReadOnlyList<RunView> Runs { get; init; } = [];
    public bool Stale { get; init; }
    public DateTimeOffset FetchedAt { get; init; }
}

public sealed record DashboardResponse(IReadOnlyList<DashboardRepository> Repositories, DateTimeOffset GeneratedAt);

public sealed record AccessListResponse(long UserId, IReadOnlyList<string> Repositories, IReadOnlyList<string> Selected, DateTimeOffset RefreshedAt);
