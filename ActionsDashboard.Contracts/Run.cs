namespace ActionsDashboard.Contracts;

/// <summary>
/// A workflow run as the browser sees it (<c>Run</c> in <c>Web/ClientApp/src/api/types.ts</c>), the same from the REST
/// API, the dashboard's read model and the live messages. Built only by <see cref="ContractMapping"/>.
/// </summary>
public record Run
{
    public long Id { get; init; }
    /// <summary><c>owner/name</c>.</summary>
    public string Repository { get; init; } = "";
    public long RunNumber { get; init; }
    /// <summary>At least 1.</summary>
    public int RunAttempt { get; init; } = 1;
    public long WorkflowId { get; init; }
    /// <summary>Never empty: the run's name, else the workflow's, else the display title, else <c>Run #N</c>.</summary>
    public string WorkflowName { get; init; } = "";
    public string? DisplayTitle { get; init; }
    public string Event { get; init; } = "";
    public string? Branch { get; init; }
    public string HeadSha { get; init; } = "";
    public string? CommitMessage { get; init; }
    public Actor? Actor { get; init; }
    /// <summary>Never empty (<see cref="WorkflowStatus.Normalize"/>).</summary>
    public string Status { get; init; } = WorkflowStatus.Queued;
    public string? Conclusion { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string HtmlUrl { get; init; } = "";
    public IReadOnlyList<long> PullRequests { get; init; } = [];
}
