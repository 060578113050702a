namespace ActionsDashboard.Contracts;

/// <summary>A job of a run as the browser sees it (<c>Job</c> in <c>api/types.ts</c>). Built only by <see cref="ContractMapping"/>.</summary>
public sealed record Job
{
    public long Id { get; init; }
    public long RunId { get; init; }
    /// <summary>At least 1.</summary>
    public int RunAttempt { get; init; } = 1;
    public string Name { get; init; } = "";
    /// <summary>Never empty (<see cref="WorkflowStatus.Normalize"/>).</summary>
    public string Status { get; init; } = WorkflowStatus.Queued;
    public string? Conclusion { get; init; }
    /// <summary>When the job was queued.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? RunnerName { get; init; }
    public IReadOnlyList<string> Labels { get; init; } = [];
    public string? HtmlUrl { get; init; }
    public IReadOnlyList<Step> Steps { get; init; } = [];
}
