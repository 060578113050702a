using System.Text.RegularExpressions;

namespace Realtime.Hub.Model;

/// <summary>Repository full names as the contract spells them (<c>owner/name</c>, compared case-insensitively).</summary>
public static partial class RepositoryNames
{
    /// <summary>The key a repository is grouped and compared by: its full name in lower case (GitHub compares names
    /// case-insensitively). Also the SignalR group name.</summary>
    public static string Key(string fullName) => fullName.ToLowerInvariant();

    /// <summary>Owner: 1-39 of <c>[A-Za-z0-9-]</c>, not starting or ending with <c>-</c>; repo: 1-100 of
    /// <c>[A-Za-z0-9._-]</c>, not <c>.</c> or <c>..</c>.</summary>
    public static bool IsWellFormed(string? fullName)
    {
        if (string.IsNullOrEmpty(fullName) || fullName.Length > 140)
        {
            return false;
        }

        var slash = fullName.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return false;
        }

        var owner = fullName[..slash];
        var name = fullName[(slash + 1)..];
        return OwnerPattern().IsMatch(owner) && NamePattern().IsMatch(name) && name is not "." and not "..";
    }

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?\z")]
    private static partial Regex OwnerPattern();

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,100}\z")]
    private static partial Regex NamePattern();
}
