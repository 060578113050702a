using System.Text.RegularExpressions;
using Alerts.Api.Model;

namespace Alerts.Api.Services;

/// <summary>Whether a rule is about a run: its repository (or owner), branch and workflow.</summary>
public static class RuleMatching
{
    /// <summary>The rule keys an event's repository is stored under: <c>owner/name</c> and <c>owner/*</c>, lower case.</summary>
    public static (string Repository, string Owner) Keys(string fullName)
    {
        var key = fullName.ToLowerInvariant();
        return (key, key[..(key.IndexOf('/') + 1)] + "*");
    }

    /// <param name="defaultBranch">Null when not known: then a rule for the default branch does not match.</param>
    /// <param name="workflowNames">What the run's workflow is called: its name, the run's name, its file's path.</param>
    public static bool Matches(AlertRule rule, string? branch, string? defaultBranch, IEnumerable<string?> workflowNames)
    {
        if (branch is null)
        {
            return false;
        }

        var branchMatches = rule.Branch is null
            ? defaultBranch is not null && branch == defaultBranch
            : BranchMatches(rule.Branch, branch);
        return branchMatches && (rule.Workflow is null || workflowNames.Any(name => WorkflowMatches(rule.Workflow, name)));
    }

    /// <summary>A branch pattern: '*' for any characters (slashes included), the rest literal and case-sensitive, as Git's names are.</summary>
    public static bool BranchMatches(string pattern, string branch) =>
        !pattern.Contains('*')
            ? pattern == branch
            : Regex.IsMatch(branch, "^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + @"\z", RegexOptions.None, TimeSpan.FromMilliseconds(100));

    /// <summary>A workflow by its name, its file name (<c>ci.yml</c>) or its path (<c>.github/workflows/ci.yml</c>), ignoring case.</summary>
    public static bool WorkflowMatches(string wanted, string? name) =>
        name is not null && (string.Equals(wanted, name, StringComparison.OrdinalIgnoreCase)
            || name.Contains('/') && string.Equals(wanted, name[(name.LastIndexOf('/') + 1)..], StringComparison.OrdinalIgnoreCase));
}
