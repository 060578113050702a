using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ActionsDashboard.GitHub.Rest;

/// <summary>
/// GitHub's naming rules for owners and repositories, checked before a name goes into a URL path so that
/// <c>../</c>, <c>/</c> or encoded tricks can never reach another endpoint.
/// </summary>
public static partial class GitHubNames
{
    /// <summary>Alphanumerics and single hyphens, 1–39 characters, not starting or ending with a hyphen.</summary>
    public static bool IsValidOwner([NotNullWhen(true)] string? owner) =>
        owner is not null && OwnerPattern().IsMatch(owner);

    /// <summary><c>[A-Za-z0-9._-]{1,100}</c>, but not <c>.</c> or <c>..</c>.</summary>
    public static bool IsValidRepositoryName([NotNullWhen(true)] string? repository) =>
        repository is not null && repository is not ("." or "..") && RepositoryPattern().IsMatch(repository);

    /// <summary>A workflow file name such as <c>build.yml</c> (the REST API accepts it in place of the id).</summary>
    public static bool IsValidWorkflowFileName([NotNullWhen(true)] string? fileName) =>
        fileName is not null && fileName is not ("." or "..") && RepositoryPattern().IsMatch(fileName);

    public static void ValidateOwner([NotNull] string? owner, string paramName = "owner")
    {
        if (!IsValidOwner(owner))
        {
            throw new ArgumentException(
                $"'{owner}' is not a valid GitHub account name: use 1 to 39 letters, digits or single hyphens, not starting or ending with a hyphen.",
                paramName);
        }
    }

    public static void ValidateRepositoryName([NotNull] string? repository, string paramName = "repo")
    {
        if (!IsValidRepositoryName(repository))
        {
            throw new ArgumentException(
                $"'{repository}' is not a valid GitHub repository name: use 1 to 100 letters, digits, '.', '_' or '-' (and not '.' or '..').",
                paramName);
        }
    }

    /// <summary><c>repos/{owner}/{repo}</c>, validated and escaped.</summary>
    internal static string RepositoryPath(string owner, string repo)
    {
        ValidateOwner(owner);
        ValidateRepositoryName(repo);
        return $"repos/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(repo)}";
    }

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\z", RegexOptions.CultureInvariant)]
    private static partial Regex OwnerPattern();

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,100}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryPattern();
}
