namespace ActionsDashboard.GitHub.Rest;

/// <summary>
/// The RFC 8288 <c>Link</c> header GitHub uses for pagination:
/// <c>&lt;https://api.github.com/...&amp;page=2&gt;; rel="next", &lt;...&amp;page=5&gt;; rel="last"</c>.
/// </summary>
/// <remarks>https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api</remarks>
public sealed class LinkHeader
{
    public static LinkHeader Empty { get; } = new(new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase));

    private readonly Dictionary<string, Uri> _relations;

    private LinkHeader(Dictionary<string, Uri> relations) => _relations = relations;

    public IReadOnlyDictionary<string, Uri> Relations => _relations;

    public Uri? Next => Get("next");
    public Uri? Prev => Get("prev");
    public Uri? First => Get("first");
    public Uri? Last => Get("last");

    public Uri? Get(string rel) => _relations.TryGetValue(rel, out var uri) ? uri : null;

    /// <summary>Parses a Link header; relative targets are resolved against <paramref name="baseUri"/>.</summary>
    public static LinkHeader Parse(string? value, Uri? baseUri = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Empty;
        }
        var relations = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        while (position < value.Length)
        {
            var open = value.IndexOf('<', position);
            if (open < 0)
            {
                break;
            }
            var close = value.IndexOf('>', open + 1);
            if (close < 0)
            {
                break;
            }
            var target = value[(open + 1)..close].Trim();
            var paramsEnd = FindLinkEnd(value, close + 1);
            var parameters = value[(close + 1)..paramsEnd];
            position = paramsEnd + 1;

            if (!TryResolve(target, baseUri, out var uri))
            {
                continue;
            }
            foreach (var rel in ReadRel(parameters))
            {
                relations.TryAdd(rel, uri);
            }
        }
        return relations.Count == 0 ? Empty : new LinkHeader(relations);
    }

    // A link's parameters end at the next comma outside a quoted string.
    private static int FindLinkEnd(string value, int start)
    {
        var quoted = false;
        for (var i = start; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '"':
                    quoted = !quoted;
                    break;
                case ',' when !quoted:
                    return i;
            }
        }
        return value.Length;
    }

    private static IEnumerable<string> ReadRel(string parameters)
    {
        foreach (var parameter in parameters.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = parameter.IndexOf('=');
            if (equals < 0 || !parameter[..equals].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var relValue = parameter[(equals + 1)..].Trim().Trim('"');
            // rel may hold several space-separated relation types (RFC 8288 section 3.3).
            foreach (var rel in relValue.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return rel;
            }
        }
    }

    private static bool TryResolve(string target, Uri? baseUri, out Uri uri)
    {
        if (Uri.TryCreate(target, UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return true;
        }
        if (baseUri is not null && Uri.TryCreate(baseUri, target, out uri!))
        {
            return true;
        }
        uri = null!;
        return false;
    }
}
