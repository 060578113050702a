namespace ActionsDashboard.GitHub.Rest;

/// <summary>Filters of <c>GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs</c>.</summary>
public sealed record WorkflowJobsQuery : PageRequest
{
    /// <summary><c>latest</c> (GitHub's default: the latest attempt) or <c>all</c>.</summary>
    public string? Filter { get; init; }

    internal override void AppendTo(QueryString query)
    {
        query.Add("filter", Filter);
        base.AppendTo(query);
    }
}
