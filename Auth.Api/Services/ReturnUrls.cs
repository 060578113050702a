namespace Auth.Api.Services;

/// <summary>Where a browser may be sent after sign-in: a path on this origin, nothing else (no open redirect).</summary>
public static class ReturnUrls
{
    public const string Default = "/";
    private const int MaxLength = 2048;

    /// <summary>
    /// A single leading slash followed by anything but a second slash or backslash: browsers read <c>//host</c> and
    /// <c>/\host</c> as another origin. Backslashes, whitespace and control characters are refused anywhere, since
    /// browsers rewrite or drop them before resolving.
    /// </summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 and <= MaxLength }
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => c == '\\' || char.IsControl(c) || char.IsWhiteSpace(c));

    public static string LocalOrDefault(string? url) => IsLocal(url) ? url! : Default;
}
