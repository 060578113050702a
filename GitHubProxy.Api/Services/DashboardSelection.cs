using GitHubProxy.Api.Model;

namespace GitHubProxy.Api.Services;

/// <summary>The latest runs the dashboard shows for each repository, and how many it leaves out.</summary>
public sealed record LatestRuns(ILookup<long, WorkflowRunRecord> Runs, IReadOnlyDictionary<long, int> Hidden);

/// <summary>Which (workflow, branch) rows a repository's dashboard card shows.</summary>
public static class DashboardSelection
{
    /// <summary>
    /// Of the latest run per (workflow, branch), keeps every one on <paramref name="defaultBranch"/>, then the most recent of
    /// the others (by creation, then id) up to <paramref name="perRepository"/> in all; returns them and how many were left.
    /// </summary>
    public static (List<T> Shown, int Hidden) Cap<T>(IEnumerable<T> latest, Func<T, string?> branch, Func<T, DateTimeOffset> created,
        Func<T, long> id, string defaultBranch, int perRepository)
    {
        var all = latest.ToList();
        var onDefault = all.Where(x => string.Equals(branch(x), defaultBranch, StringComparison.Ordinal)).ToList();
        var others = all.Where(x => !string.Equals(branch(x), defaultBranch, StringComparison.Ordinal))
            .OrderByDescending(created).ThenByDescending(id)
            .Take(Math.Max(0, perRepository - onDefault.Count))
            .ToList();
        var shown = onDefault.Concat(others).OrderByDescending(created).ThenByDescending(id).ToList();
        return (shown, all.Count - shown.Count);
    }
}
