using System.Globalization;
using System.Text;

namespace GitHub.Simulator.Apis;

/// <summary>GitHub's <c>page</c>/<c>per_page</c> (30 by default, at most 100) and its <c>Link</c> header.</summary>
/// <remarks>https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api</remarks>
public readonly record struct Paging(int Page, int PerPage)
{
    public const int DefaultPerPage = 30;
    public const int MaxPerPage = 100;

    public static Paging From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // GitHub quietly caps per_page at 100 and treats nonsense as the default.
        var perPage = int.TryParse(request.Query["per_page"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p > 0
            ? Math.Min(p, MaxPerPage)
            : DefaultPerPage;
        var page = int.TryParse(request.Query["page"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
        return new Paging(page, perPage);
    }

    public IReadOnlyList<T> Slice<T>(IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var skip = (long)(Page - 1) * PerPage;
        return skip >= items.Count ? [] : items.Skip((int)skip).Take(PerPage).ToList();
    }

    /// <summary><c>&lt;...&amp;page=1&gt;; rel="prev", &lt;...&gt;; rel="next", &lt;...&gt;; rel="last", &lt;...&gt;; rel="first"</c>, or null for one page.</summary>
    public string? LinkHeader(HttpRequest request, string baseUrl, int total)
    {
        ArgumentNullException.ThrowIfNull(request);
        var lastPage = Math.Max(1, (int)Math.Ceiling(total / (double)PerPage));
        if (lastPage == 1 && Page == 1)
        {
            return null;
        }
        var links = new List<string>();
        if (Page > 1)
        {
            links.Add(Link(request, baseUrl, Math.Min(Page - 1, lastPage), "prev"));
        }
        if (Page < lastPage)
        {
            links.Add(Link(request, baseUrl, Page + 1, "next"));
            links.Add(Link(request, baseUrl, lastPage, "last"));
        }
        if (Page > 1)
        {
            links.Add(Link(request, baseUrl, 1, "first"));
        }
        return links.Count == 0 ? null : string.Join(", ", links);
    }

    private string Link(HttpRequest request, string baseUrl, int page, string rel)
    {
        var query = new StringBuilder();
        foreach (var (name, values) in request.Query)
        {
            if (name is "page" or "per_page")
            {
                continue;
            }
            foreach (var value in values)
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value ?? ""));
            }
        }
        query.Append(query.Length == 0 ? '?' : '&').Append("per_page=").Append(PerPage.ToString(CultureInfo.InvariantCulture))
            .Append("&page=").Append(page.ToString(CultureInfo.InvariantCulture));
        return $"<{baseUrl}{SimulatorUrls.ApiPrefixOf(request)}{request.Path}{query}>; rel=\"{rel}\"";
    }
}
