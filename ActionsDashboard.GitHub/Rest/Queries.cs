namespace ActionsDashboard.GitHub.Rest;

/// <summary><c>per_page</c> (1–100, GitHub's maximum) and <c>page</c> (from 1).</summary>
public record PageRequest
{
    public const int MaxPerPage = 100;

    public int? PerPage { get; init; }

    public int? Page { get; init; }

    internal virtual void AppendTo(QueryString query)
    {
        if (PerPage is { } perPage)
        {
            if (perPage is < 1 or > MaxPerPage)
            {
                throw new ArgumentOutOfRangeException(nameof(PerPage), perPage, $"GitHub's per_page must be between 1 and {MaxPerPage}.");
            }
            query.Add("per_page", perPage);
        }
        if (Page is { } page)
        {
            if (page < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(Page), page, "GitHub's page numbers start at 1.");
            }
            query.Add("page", page);
        }
    }
}

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

/// <summary>Filters of <c>GET /user/repos</c>.</summary>
public sealed record RepositoriesQuery : PageRequest
{
    /// <summary>Comma-separated <c>owner</c>, <c>collaborator</c>, <c>organization_member</c>.</summary>
    public string? Affiliation { get; init; }

    /// <summary><c>all</c>, <c>public</c> or <c>private</c>.</summary>
    public string? Visibility { get; init; }

    /// <summary><c>created</c>, <c>updated</c>, <c>pushed</c> or <c>full_name</c>.</summary>
    public string? Sort { get; init; }

    public string? Direction { get; init; }

    internal override void AppendTo(QueryString query)
    {
        query.Add("affiliation", Affiliation);
        query.Add("visibility", Visibility);
        query.Add("sort", Sort);
        query.Add("direction", Direction);
        base.AppendTo(query);
    }
}

internal sealed class QueryString
{
    private readonly System.Text.StringBuilder _builder = new();

    public void Add(string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        _builder.Append(_builder.Length == 0 ? '?' : '&')
            .Append(Uri.EscapeDataString(name))
            .Append('=')
            .Append(Uri.EscapeDataString(value));
    }

    public void Add(string name, int value) => Add(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public override string ToString() => _builder.ToString();

    public static string For(PageRequest? request)
    {
        var query = new QueryString();
        request?.AppendTo(query);
        return query.ToString();
    }
}
