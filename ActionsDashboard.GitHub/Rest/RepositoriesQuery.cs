namespace ActionsDashboard.GitHub.Rest;

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
