namespace ActionsDashboard.GitHub.Rest;

/// <summary>One page of a list endpoint, with the URL of the next page when there is one.</summary>
public sealed class GitHubPage<T>
{
    internal GitHubPage(IReadOnlyList<T> items, int? totalCount, LinkHeader links, PageReader<T> reader)
    {
        Items = items;
        TotalCount = totalCount;
        Links = links;
        Reader = reader;
    }

    public IReadOnlyList<T> Items { get; }

    /// <summary>GitHub's <c>total_count</c>, for endpoints that wrap their lists in an object.</summary>
    public int? TotalCount { get; }

    public LinkHeader Links { get; }

    public Uri? NextPageUrl => Links.Next;

    public bool HasNextPage => Links.Next is not null;

    internal PageReader<T> Reader { get; }
}

internal delegate ValueTask<(IReadOnlyList<T> Items, int? TotalCount)> PageReader<T>(Stream body, CancellationToken cancellationToken);
