namespace GitHubProxy.Api.Model;

// The JSON shapes of docs/contracts.md. Everything is camelCase; absent values are written as null. Run, Job, Step and
// Actor are ActionsDashboard.Contracts', shared with Realtime.Hub's live messages.

/// <summary><c>Run &amp; { stale, fetchedAt }</c>.</summary>
public sealed record RunResponse : Run
{
    public RunResponse(Run run, bool stale, DateTimeOffset fetchedAt) : base(run)
    {
        Stale = stale;
        FetchedAt = fetchedAt;
    }

    public bool Stale { get; init; }
    public DateTimeOffset FetchedAt { get; init; }
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

public sealed record RunsResponse(IReadOnlyList<Run> Runs, int TotalCount, int Page, int PerPage, bool Stale, DateTimeOffset FetchedAt);

public sealed record JobsResponse(IReadOnlyList<Job> Jobs, bool Stale, DateTimeOffset FetchedAt);

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
    public IReadOnlyList<Run> Runs { get; init; } = [];
    public bool Stale { get; init; }
    public DateTimeOffset FetchedAt { get; init; }
}

public sealed record DashboardResponse(IReadOnlyList<DashboardRepository> Repositories, DateTimeOffset GeneratedAt);

public sealed record AccessListResponse(long UserId, IReadOnlyList<string> Repositories, IReadOnlyList<string> Selected, DateTimeOffset RefreshedAt);
