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
