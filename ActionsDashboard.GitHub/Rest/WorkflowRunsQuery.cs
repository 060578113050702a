namespace ActionsDashboard.GitHub.Rest;

/// <summary>Filters of <c>GET /repos/{owner}/{repo}/actions/runs</c>.</summary>
/// <remarks>https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-repository</remarks>
public sealed record WorkflowRunsQuery : PageRequest
{
    public string? Branch { get; init; }

    /// <summary>A status or conclusion: <c>queued</c>, <c>in_progress</c>, <c>completed</c>, <c>failure</c>, ...</summary>
    public string? Status { get; init; }

    public string? Event { get; init; }

    /// <summary>The login of the user whose push or action triggered the run.</summary>
    public string? Actor { get; init; }

    /// <summary>GitHub search date syntax: <c>&gt;=2024-01-01</c> or <c>2024-01-01..2024-01-31</c>.</summary>
    public string? Created { get; init; }

    public string? HeadSha { get; init; }

    public bool? ExcludePullRequests { get; init; }

    internal override void AppendTo(QueryString query)
    {
        query.Add("branch", Branch);
        query.Add("status", Status);
        query.Add("event", Event);
        query.Add("actor", Actor);
        query.Add("created", Created);
        query.Add("head_sha", HeadSha);
        if (ExcludePullRequests is { } exclude)
        {
            query.Add("exclude_pull_requests", exclude ? "true" : "false");
        }
        base.AppendTo(query);
    }
}
